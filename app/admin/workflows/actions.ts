'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { auth } from '@/auth';
import type { EditorResult } from '@/components/admin/workflow-editor';
import { checkWorkflowInput } from '@/lib/admin/check-workflow-input';
import { getDb } from '@/lib/db/client';
import { AppError, type ErrorIssue, zodIssues } from '@/lib/errors';
import { createWorkflow } from '@/lib/workflows/create-workflow';
import { pauseWorkflow } from '@/lib/workflows/pause-workflow';
import { publishWorkflow } from '@/lib/workflows/publish-workflow';
import { workflowInputSchema } from '@/lib/workflows/schemas';
import { updateWorkflow } from '@/lib/workflows/update-workflow';

async function viewerId(): Promise<number> {
  const session = await auth();
  if (!session?.user?.id) redirect('/signin');
  return Number(session.user.id);
}

/** A form field as text (a file upload in its place counts as empty). */
const field = (form: FormData, name: string): string => {
  const v = form.get(name);
  return typeof v === 'string' ? v : '';
};

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

const refused = (message: string, issues: ErrorIssue[] = []): EditorResult => ({ status: 'error', message, issues, at: Date.now() });

/** What the domain said, as the editor shows it; anything that is not an AppError is a real failure. */
function fromError(err: unknown): EditorResult {
  if (!(err instanceof AppError)) throw err;
  if (err.code === 'FORBIDDEN' || err.code === 'NOT_FOUND') return refused('This workflow does not exist, or you may not edit it.');
  if (err.code === 'INVALID_INPUT') return refused('The workflow has problems: fix them where they are marked, then try again.', err.issues ?? []);
  return refused(err.message);
}

/**
 * Everything wrong with the editor's definition right now, without saving it (the live check).
 * The same rules saving applies (checkWorkflowInput); admins only.
 */
export async function checkWorkflow(body: unknown): Promise<{ issues: ErrorIssue[] }> {
  const actorUserId = await viewerId();
  try {
    return await checkWorkflowInput(getDb(), { actorUserId, input: body });
  } catch (err) {
    if (err instanceof AppError) return { issues: [] };
    throw err;
  }
}

/**
 * The editor's buttons: `save` stores the definition as it is (creating the workflow when there
 * is no id yet), `publish` stores it when it changed and publishes it, `pause` stops a deployed
 * workflow taking new tickets. A new workflow goes to its own page once it exists.
 */
export async function saveWorkflow(_state: EditorResult, form: FormData): Promise<EditorResult> {
  const actorUserId = await viewerId();
  const intent = field(form, 'intent');
  const idText = field(form, 'workflow_id');
  const workflowId = idText === '' ? null : Number(idText);
  if (workflowId !== null && !(Number.isSafeInteger(workflowId) && workflowId > 0 && workflowId <= 2_147_483_647)) return refused('This workflow does not exist.');
  if (!['save', 'publish', 'pause'].includes(intent)) return refused('Choose Save draft, Publish or Pause.');
  const isDirty = form.get('dirty') === 'true';
  const db = getDb();

  if (intent === 'pause') {
    if (workflowId === null) return refused('Save the workflow before pausing it.');
    try {
      await pauseWorkflow(db, { workflowId, actorUserId });
    } catch (err) {
      return fromError(err);
    }
    revalidatePath(`/admin/workflows/${workflowId}`);
    return { status: 'paused', message: 'Paused: new tickets no longer go to this workflow. Running tasks carry on.', issues: [], at: Date.now() };
  }

  const parsed = workflowInputSchema.safeParse(parseBody(field(form, 'definition')));
  if (!parsed.success) return refused('The workflow has problems: fix them where they are marked, then try again.', zodIssues(parsed.error));

  if (workflowId === null) {
    let createdId: number;
    try {
      createdId = (await createWorkflow(db, { actorUserId, input: parsed.data })).id;
    } catch (err) {
      return fromError(err);
    }
    let outcome = 'created';
    if (intent === 'publish') {
      try {
        await publishWorkflow(db, { workflowId: createdId, actorUserId });
        outcome = 'published';
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        outcome = err.code === 'CONFLICT' ? 'publish-conflict' : 'publish-failed';
      }
    }
    revalidatePath('/admin/workflows');
    redirect(`/admin/workflows/${createdId}?outcome=${outcome}`);
  }

  let isSaved = false;
  try {
    if (intent === 'save' || isDirty) {
      await updateWorkflow(db, { workflowId, actorUserId, input: parsed.data });
      isSaved = true;
    }
    if (intent === 'save') {
      revalidatePath(`/admin/workflows/${workflowId}`);
      return { status: 'saved', message: 'Saved. Running tasks and new tickets keep the published version until you publish.', issues: [], at: Date.now(), isSaved };
    }
    const result = await publishWorkflow(db, { workflowId, actorUserId });
    revalidatePath(`/admin/workflows/${workflowId}`);
    return {
      status: 'published',
      message: result.is_new_version
        ? `Published as version ${result.version.version}: new tickets follow it; running tasks stay on the version they started on.`
        : `Nothing changed since version ${result.version.version}; it is deployed.`,
      issues: [],
      at: Date.now(),
      isSaved: true,
    };
  } catch (err) {
    revalidatePath(`/admin/workflows/${workflowId}`);
    const result = fromError(err);
    return isSaved ? { ...result, message: `Saved as a draft, but not published: ${result.message}`, isSaved } : result;
  }
}
