import { Card, CardContent } from '@/components/ui/card';
import type { CommentThreadData } from '@/lib/comments/load-comment-thread';
import { CommentThread } from './comment-thread';

/** A ticket's comments, with the people who may be @mentioned, for its page and its task items' pages. */
export function CommentsSection({ thread }: { thread: CommentThreadData }) {
  return (
    <Card>
      <CardContent>
        <CommentThread ticketNumber={thread.ticketNumber} viewerId={thread.viewerId} isAdmin={thread.isAdmin} people={thread.people} initial={thread.comments} />
      </CardContent>
    </Card>
  );
}
