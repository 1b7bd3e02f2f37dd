import type { APIRoute } from 'astro';
import { getCollection } from 'astro:content';
import { csvDownload } from '../../../instructor/csv';
import { gradesCsv } from '../../../instructor/instructor-csv';
import { requireInstructor } from '../../../instructor/instructor-access';
import { instructorReport } from '../../../instructor/instructor-report';
import { handle } from '../../../server/api-response';

export const prerender = false;

/** Every graded lab attempt of every learner, oldest first, with the checks it failed. */
export const GET: APIRoute = ({ locals }) =>
  handle(async () => {
    const { platform, userId } = locals;
    requireInstructor(platform.accounts, userId);
    const labIds = [...platform.catalog.labs.keys()].sort();
    const report = instructorReport(platform.store, await getCollection('lessons'), labIds);
    return csvDownload('shipshape-grades.csv', gradesCsv(report.grades));
  });
