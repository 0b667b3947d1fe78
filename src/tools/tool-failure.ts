/**
 * Thrown by a tool's `run` when the input is wrong in a way the schema cannot say (a field required only on
 * create, a type mismatch found after a lookup). The tool answers `{success: false, status, error: message}`.
 */
export class ToolFailure extends Error {
  override readonly name = 'ToolFailure';
  /** The status the result reports. */
  readonly status: number;

  /**
   * @param message - what is wrong and how to fix it, for the model
   * @param status - HTTP-like status of the result
   * @default status 400
   */
  constructor(message: string, status = 400) {
    super(message);
    this.status = status;
  }
}
