'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { auth } from '@/auth';
import { getDb } from '@/lib/db/client';
import { markNotificationUnread } from '@/lib/notifications/mark-notification-unread';
import { markNotificationsRead } from '@/lib/notifications/mark-notifications-read';
import { formText } from '@/lib/form-text';

async function viewerId(): Promise<number> {
  const session = await auth();
  if (!session?.user?.id) redirect('/signin');
  return Number(session.user.id);
}

/** Marks one of the viewer's notifications read (the domain function ignores anyone else's). */
export async function markRead(form: FormData): Promise<void> {
  const userId = await viewerId();
  const id = Number(form.get('id'));
  if (Number.isSafeInteger(id) && id > 0 && id <= 2_147_483_647) await markNotificationsRead(getDb(), { userId, body: { ids: [id] } });
  revalidatePath('/', 'layout');
}

export async function markUnread(form: FormData): Promise<void> {
  const userId = await viewerId();
  const id = Number(form.get('id'));
  if (Number.isSafeInteger(id) && id > 0 && id <= 2_147_483_647) await markNotificationUnread(getDb(), { userId, notificationId: id }).catch(() => undefined);
  revalidatePath('/', 'layout');
}

export async function markAllRead(): Promise<void> {
  const userId = await viewerId();
  await markNotificationsRead(getDb(), { userId, body: { all: true } });
  revalidatePath('/', 'layout');
}

/** Opens what a notification is about, marking it read on the way. */
export async function openNotification(form: FormData): Promise<void> {
  const userId = await viewerId();
  const id = Number(form.get('id'));
  const href = formText(form, 'href') || '/notifications';
  if (Number.isSafeInteger(id) && id > 0 && id <= 2_147_483_647) await markNotificationsRead(getDb(), { userId, body: { ids: [id] } });
  redirect(href.startsWith('/') && !href.startsWith('//') ? href : '/notifications');
}
