/**
 * The server cannot start for a reason its operator can fix: the port is taken, `DATA_DIR` is a file, … The message
 * is one line that names the setting and what to change; `main` prints it without a stack trace and exits with 2.
 */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}

/**
 * Turns a failure to listen into a {@link StartupError} naming HOST or PORT, or returns the error unchanged when it
 * is not one an operator can fix by configuration.
 * @param error - what `listen` threw
 */
export function listenFailure(error: unknown, host: string, port: number): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'EADDRINUSE':
      return new StartupError(
        `Port ${port} on ${host} is already in use (EADDRINUSE): stop the other server or set PORT to a free port.`,
        { cause: error },
      );
    case 'EACCES':
      return new StartupError(
        `Not allowed to listen on ${host}:${port} (EACCES): ports below 1024 need privileges; set PORT to 1024 or above.`,
        { cause: error },
      );
    case 'EADDRNOTAVAIL':
      return new StartupError(
        `HOST ${host} is not an address of this machine (EADDRNOTAVAIL): set HOST to 127.0.0.1, 0.0.0.0 or one of its addresses.`,
        { cause: error },
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new StartupError(`HOST ${host} cannot be resolved (${code}): set HOST to an IP address.`, {
        cause: error,
      });
    default:
      return error;
  }
}
