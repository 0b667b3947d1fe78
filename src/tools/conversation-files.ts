/** A file of the run's conversation, as the tools see it. */
export interface FileInfo {
  readonly id: string;
  readonly name: string;
  readonly size: number;
  readonly mediaType: string;
}

/** The files uploaded into the run's conversation; another conversation's are never reachable. */
export interface ConversationFiles {
  list(): Promise<FileInfo[]>;
  /** A file by its id or its name (the newest of that name); undefined when there is none. */
  read(nameOrId: string): Promise<{ readonly info: FileInfo; readonly bytes: Buffer } | undefined>;
  /**
   * Keeps a file a tool fetched among the conversation's files (the next tool can read it, the person can download
   * it); undefined when the conversation holds as many files as it may.
   */
  save(name: string, bytes: Buffer): Promise<FileInfo | undefined>;
}
