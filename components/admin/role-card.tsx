import { LocalTime } from '@/components/time/local-time';
import { Badge } from '@/components/ui/badge';
import { Card, CardHeader, CardTitle } from '@/components/ui/card';
import { Input } from '@/components/ui/input';
import { SubmitButton } from '@/components/ui/submit-button';
import type { RoleOverview } from '@/lib/admin/list-roles-overview';
import type { AdminActionState } from './action-state';
import { AdminActionForm } from './admin-action-form';

const COLUMNS = 'md:grid md:grid-cols-[minmax(0,1.3fr)_6rem_minmax(0,1.5fr)_9rem_minmax(0,1.8fr)] md:items-start md:gap-4';

type Position = RoleOverview['roundRobin'];

/** One role: what role sync says of it, its round-robin position, and its members with their open work. */
export function RoleCard({
  role,
  names,
  action,
}: {
  role: RoleOverview;
  names: Record<number, string>;
  action: (state: AdminActionState, form: FormData) => Promise<AdminActionState>;
}) {
  const nameOf = (id: number | null) => (id === null ? null : (names[id] ?? `User ${id}`));
  const headingId = `role-${role.id}`;
  return (
    <Card aria-labelledby={headingId} data-testid="role-card">
      <CardHeader>
        <div className="grid min-w-0 gap-1">
          <CardTitle id={headingId}>{role.name}</CardTitle>
          <div className="flex flex-wrap items-center gap-1.5 text-xs">
            <Badge>system {role.system}</Badge>
            <Badge tone={role.isActive ? 'success' : 'neutral'}>{role.isActive ? 'Active' : 'Inactive'}</Badge>
            {role.takesWork ? <Badge tone="info">Assigns work in TTS</Badge> : <Badge>No work in TTS</Badge>}
            <span className="text-muted-foreground">role {role.id}</span>
          </div>
        </div>
        {role.takesWork ? (
          <dl className="grid gap-1 text-sm sm:text-right">
            <TurnLine label="Round robin" position={role.roundRobin} nameOf={nameOf} />
            {role.ownerRoundRobin.turns > 0 ? <TurnLine label="Ticket ownership" position={role.ownerRoundRobin} nameOf={nameOf} /> : null}
          </dl>
        ) : null}
      </CardHeader>
      {role.members.length === 0 ? (
        <p className="px-4 py-4 text-sm text-muted-foreground sm:px-5">No members synced for this role.</p>
      ) : (
        <div>
          <div aria-hidden className={`hidden border-b px-4 py-2 text-xs font-medium tracking-wide text-muted-foreground uppercase sm:px-5 ${COLUMNS}`}>
            <span>Member</span>
            <span>Synced</span>
            <span>Assignment</span>
            <span>Open items</span>
            <span>Change</span>
          </div>
          <ul aria-label={`Members of ${role.name}`} className="divide-y">
            {role.members.map((m) => {
              const name = m.fullName ?? `User ${m.userId}`;
              return (
                <li key={m.userId} data-testid="role-member" data-user-id={m.userId} className={`grid gap-2 px-4 py-3 sm:px-5 ${COLUMNS}`}>
                  <div className="min-w-0">
                    <p className="font-medium break-words">{name}</p>
                    <p className="text-xs text-muted-foreground">user {m.userId}</p>
                  </div>
                  <div className="flex flex-wrap items-start gap-2 md:contents">
                  <div>
                    <Badge tone={m.isActive ? 'success' : 'neutral'}>{m.isActive ? 'Active' : 'Inactive'}</Badge>
                  </div>
                  <div className="min-w-0 text-sm">
                    {m.isPaused ? (
                      <>
                        <Badge tone="warning">Paused</Badge>
                        <p className="mt-1 text-xs break-words text-muted-foreground">
                          {m.pausedAt ? (
                            <>
                              since <LocalTime value={m.pausedAt.toISOString()} />
                            </>
                          ) : null}
                          {m.pausedBy ? ` by ${nameOf(m.pausedBy)}` : ''}
                          {m.pauseReason ? `: ${m.pauseReason}` : ''}
                        </p>
                      </>
                    ) : m.isAssignable ? (
                      <span>Takes turns</span>
                    ) : (
                      <span className="text-muted-foreground">{m.isActive ? 'Role gives no work' : 'Inactive in the Auth Service'}</span>
                    )}
                  </div>
                  </div>
                  <div className="text-sm">
                    <span className="md:hidden text-muted-foreground">Open items: </span>
                    <span data-testid="open-in-role">{m.openItemsInRole}</span>
                    <span className="text-muted-foreground"> here · {m.openItems} in all</span>
                  </div>
                  <AdminActionForm action={action} className="grid gap-2" testId="member-assignable-form">
                    <input type="hidden" name="role_id" value={role.id} />
                    <input type="hidden" name="user_id" value={m.userId} />
                    <input type="hidden" name="member_name" value={name} />
                    <input type="hidden" name="is_assignable" value={m.isPaused ? 'true' : 'false'} />
                    {m.isPaused ? (
                      <SubmitButton size="sm" variant="outline" pendingLabel="Resuming…" className="w-fit" aria-label={`Resume ${name} in ${role.name}`}>
                        Resume
                      </SubmitButton>
                    ) : (
                      <div className="flex flex-wrap items-center gap-2">
                        <label htmlFor={`reason-${role.id}-${m.userId}`} className="sr-only">
                          Reason for pausing {name} (optional)
                        </label>
                        <Input id={`reason-${role.id}-${m.userId}`} name="reason" placeholder="Reason (optional)" maxLength={500} className="h-8 min-w-0 flex-1 basis-32" />
                        <SubmitButton size="sm" variant="outline" pendingLabel="Pausing…" aria-label={`Pause ${name} in ${role.name}`}>
                          Pause
                        </SubmitButton>
                      </div>
                    )}
                  </AdminActionForm>
                </li>
              );
            })}
          </ul>
        </div>
      )}
    </Card>
  );
}

function TurnLine({ label, position, nameOf }: { label: string; position: Position; nameOf: (id: number | null) => string | null }) {
  return (
    <div data-testid="round-robin">
      <dt className="inline font-medium">{label}: </dt>
      <dd className="inline text-muted-foreground">
        {position.turns === 0 ? 'no turns yet' : `last ${nameOf(position.lastUserId)}`}
        {' · next '}
        {nameOf(position.nextUserId) ?? 'nobody (no one takes turns)'}
        {position.turns ? ` · ${position.turns} ${position.turns === 1 ? 'turn' : 'turns'}` : ''}
      </dd>
    </div>
  );
}
