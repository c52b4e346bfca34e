/** What every error response body looks like (OpenAI's shape). */
export interface ErrorBody {
  error: { message: string; type: string; code: string; param?: string };
}

/**
 * An error that becomes an HTTP response: status, OpenAI-style type and code, a message meant
 * for the client (never a stack trace), and any extra headers (Allow, WWW-Authenticate).
 */
export class ApiError extends Error {
  override name = "ApiError";

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
    readonly type = status >= 500 ? "server_error" : "invalid_request_error",
  ) {
    super(message);
  }

  body(): ErrorBody {
    return { error: { message: this.message, type: this.type, code: this.code } };
  }
}

/** 400: the request is malformed or a value is out of range; `code` says which kind. */
export const badRequest = (message: string, code = "invalid_request"): ApiError => new ApiError(400, code, message);

/** Any thrown value as an ApiError: ApiErrors pass through, anything else is a generic 500 (the detail is for the log). */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError(500, "internal_error", "internal server error");
}
