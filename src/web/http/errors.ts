/** One error shape for the API (`{ error: { code, message, issues? } }`) and a zod query reader. */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { z } from 'zod';

export interface ApiErrorBody {
  error: { code: string; message: string; issues?: { path: string; message: string }[] };
}

export function apiError(
  status: number,
  code: string,
  message: string,
  issues?: ApiErrorBody['error']['issues'],
) {
  const body: ApiErrorBody = { error: { code, message, ...(issues ? { issues } : {}) } };
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
}

/** Parse the query string with `schema`; a bad parameter ends the request with a 400 naming it. */
export function readQuery<S extends z.ZodType>(
  c: Context,
  schema: S,
  kind: 'api' | 'page' = 'api',
): z.output<S> {
  const parsed = schema.safeParse(c.req.query());
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({
      path: i.path.join('.') || '(query)',
      message: i.message,
    }));
    const first = issues[0]!;
    const message = `bad parameter ${first.path}: ${first.message}`;
    throw new HTTPException(400, {
      message,
      ...(kind === 'api' ? { res: apiError(400, 'bad_request', message, issues) } : {}),
    });
  }
  return parsed.data;
}

/** `stage: cause` of anything thrown, for the server log (never for the client). */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
