/** The platform's error object (`WebApiError`): `{message, type, inner?}`. */
export interface WebApiErrorModel {
  message: string;
  type: string;
  inner?: WebApiErrorModel;
}

/**
 * A logical failure a handler throws. On `/webapi/...` routes it becomes the envelope
 * `{"response":null,"error":{…},"success":false}` with HTTP `status` (200 unless said otherwise — the platform
 * reports logical errors with 200, platform-api.md §2.1); on System Core routes a bare `{message,type}` with
 * HTTP 500 unless said otherwise.
 */
export class WebApiFailure extends Error {
  readonly type: string;
  readonly status: number | undefined;
  readonly inner: WebApiErrorModel | undefined;

  constructor(type: string, message: string, options: { status?: number; inner?: WebApiErrorModel } = {}) {
    super(message);
    this.type = type;
    this.status = options.status;
    this.inner = options.inner;
  }

  /** The error object of the envelope. */
  toErrorModel(): WebApiErrorModel {
    return this.inner
      ? { message: this.message, type: this.type, inner: this.inner }
      : { message: this.message, type: this.type };
  }

  /** Unknown application alias (message as documented in platform-api.md §2.1). */
  static unknownSolution(alias: string): WebApiFailure {
    return new WebApiFailure(
      'InvalidOperationException',
      `Cannot get id for solution by solution alias: ${alias}`,
    );
  }

  /** Unknown template/attribute/form/… alias on a metadata route: HTTP 200 + success:false. */
  static notFound(what: string): WebApiFailure {
    return new WebApiFailure('ObjectNotFoundException', `${what} does not exist`);
  }

  /** Unknown record/document id: HTTP 404 + success:false (platform-api.md §2.1, §7.5). */
  static objectDoesNotExist(): WebApiFailure {
    return new WebApiFailure('ObjectNotFoundException', 'Object does not exist', { status: 404 });
  }

  /** Empty or malformed alias (`Alias  is invalid` for an empty one, as documented). */
  static invalidAlias(alias: string): WebApiFailure {
    return new WebApiFailure('ArgumentException', `Alias ${alias} is invalid`);
  }

  /** An alias already used in its scope. */
  static duplicateAlias(alias: string, scope: string): WebApiFailure {
    return new WebApiFailure(
      'RequestedOperationFailedException',
      `Alias ${alias} is already used in ${scope}`,
      { inner: { message: `Duplicate alias: ${alias}`, type: 'DuplicateAliasException' } },
    );
  }

  /** A change to a guarded system entity: the observed `RequestedOperationFailedException`/`InterceptedException`. */
  static intercepted(): WebApiFailure {
    return new WebApiFailure('RequestedOperationFailedException', '', {
      inner: { message: '', type: 'InterceptedException' },
    });
  }

  /** Any other validation error of a request body. */
  static invalid(message: string): WebApiFailure {
    return new WebApiFailure('ArgumentException', message);
  }

  /** A missing required body (`Value cannot be null. Parameter name: …`). */
  static nullArgument(name: string): WebApiFailure {
    return new WebApiFailure('ArgumentNullException', `Value cannot be null. Parameter name: ${name}`);
  }
}
