import { defineCollection, z } from 'astro:content';
import { glob } from 'astro/loaders';

/** One answer a quiz question offers; every choice explains why it is right or wrong. */
const Choice = z.object({
  text: z.string().min(1),
  correct: z.boolean().default(false),
  explanation: z.string().min(1, 'every choice needs an explanation, right or wrong'),
});

const Question = z
  .object({
    question: z.string().min(1),
    choices: z.array(Choice).min(2).max(6),
  })
  .refine((q) => q.choices.some((c) => c.correct), {
    message: 'a question needs at least one choice with correct: true',
  });

/** Lessons: content/lessons/<module>/<slug>.mdx; the frontmatter is checked at build time. */
const lessons = defineCollection({
  loader: glob({ pattern: '**/*.mdx', base: './content/lessons' }),
  schema: z.object({
    title: z.string().min(1),
    summary: z.string().min(1),
    module: z.string().regex(/^[a-z0-9-]+$/, 'a module slug such as "orientation"'),
    order: z.number().int().min(0),
    minutes: z.number().int().min(1).max(600),
    objectives: z.array(z.string().min(1)).min(1, 'list at least one learning objective'),
    lab: z
      .string()
      .regex(/^[a-z0-9-]+$/)
      .optional(),
    /** 3 to 6 questions at the end of the lesson; answers are checked on the server. */
    quiz: z.array(Question).min(3).max(6).optional(),
  }),
});

/** The step texts of every lab (labs/<id>/steps/*.md), rendered with the same Markdown pipeline. */
const labSteps = defineCollection({
  loader: glob({ pattern: '*/steps/*.md', base: './labs' }),
});

export const collections = { lessons, labSteps };
