// Types of ensure-build.mjs (plain JavaScript so that `npm start` needs no TypeScript), for the tests that import it.

/** The repository root. */
export declare const REPO_ROOT: string;

/** The two builds: the npm script that makes each, the file that dates it, and the sources it is compared with. */
export declare const BUILDS: Readonly<
  Record<'server' | 'web', { script: string; output: string; sources: string[]; skip?: RegExp }>
>;

/** Whether a build is there and newer than all of its sources. */
export declare function buildState(name: 'server' | 'web', root?: string): 'missing' | 'stale' | 'fresh';

/** Runs the build's npm script when the build is missing or stale; resolves whether it built. */
export declare function ensureBuild(
  name: 'server' | 'web',
  options?: { root?: string; log?: (line: string) => void },
): Promise<boolean>;

/** Builds the web chat when it is missing or older than its sources; resolves whether it built. */
export declare function ensureWebBuild(root?: string): Promise<boolean>;
