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
}
