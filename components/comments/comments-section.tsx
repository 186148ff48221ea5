import { Card, CardContent } from '@/components/ui/card';
import { isAdmin } from '@/lib/auth/roles';
import { loadCommentContext } from '@/lib/comments/comment-ticket';
import { listComments } from '@/lib/comments/list-comments';
import { getDb } from '@/lib/db/client';
import { withDeadline } from '@/lib/db/deadline';
import { CommentThread } from './comment-thread';

/** A ticket's comments, with the people who may be @mentioned, for its page and its task items' pages. */
export async function CommentsSection({ ticketNumber, viewerId }: { ticketNumber: string; viewerId: number }) {
  const db = getDb();
  const [list, people, admin] = await withDeadline(
    Promise.all([
      listComments(db, { userId: viewerId, ticketNumber }),
      loadCommentContext(db, { ticketNumber }, viewerId).then((c) => c.people),
      isAdmin(db, viewerId),
    ]),
  );
  return (
    <Card>
      <CardContent>
        <CommentThread ticketNumber={ticketNumber} viewerId={viewerId} isAdmin={admin} people={people.mentionable.filter((p) => p.userId !== viewerId)} initial={list.comments} />
      </CardContent>
    </Card>
  );
}
