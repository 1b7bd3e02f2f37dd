import type { APIRoute } from 'astro';
import { getCollection } from 'astro:content';
import { csvDownload } from '../../../instructor/csv';
import { progressCsv } from '../../../instructor/instructor-csv';
import { requireInstructor } from '../../../instructor/instructor-access';
import { instructorReport } from '../../../instructor/instructor-report';
import { handle } from '../../../server/api-response';

export const prerender = false;

/** Every learner's progress, one row each, as a spreadsheet opens it. */
export const GET: APIRoute = ({ locals }) =>
  handle(async () => {
    const { platform, userId } = locals;
    requireInstructor(platform.accounts, userId);
    const labIds = [...platform.catalog.labs.keys()].sort();
    const report = instructorReport(platform.store, await getCollection('lessons'), labIds);
    return csvDownload('shipshape-progress.csv', progressCsv(report.learners));
  });
