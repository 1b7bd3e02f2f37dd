import type { APIRoute } from 'astro';
import { learnerReport } from '../../progress/learner-report';
import { handle, json } from '../../server/api-response';

/** The dashboard's data as JSON: only the visitor's own progress, whoever asks. */
export const GET: APIRoute = ({ locals }) =>
  handle(async () => json(await learnerReport(locals.platform, locals.userId)));
