CREATE TABLE "notification_settings" (
	"user_id" integer PRIMARY KEY NOT NULL,
	"digest_hour" smallint NOT NULL,
	"time_zone" text DEFAULT 'UTC' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "email_deliveries" DROP CONSTRAINT "email_deliveries_notification_id_notifications_id_fk";
--> statement-breakpoint
ALTER TABLE "failed_notifications" DROP CONSTRAINT "failed_notifications_notification_id_notifications_id_fk";
--> statement-breakpoint
DROP INDEX "failed_notifications_notification_channel_key";--> statement-breakpoint
ALTER TABLE "email_deliveries" ALTER COLUMN "notification_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "email_deliveries" ALTER COLUMN "to_email" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "email_deliveries" ALTER COLUMN "subject" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "failed_notifications" ALTER COLUMN "notification_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "email_deliveries" ADD COLUMN "user_id" integer NOT NULL;--> statement-breakpoint
ALTER TABLE "email_deliveries" ADD COLUMN "kind" text DEFAULT 'notification' NOT NULL;--> statement-breakpoint
ALTER TABLE "email_deliveries" ADD COLUMN "digest_key" text;--> statement-breakpoint
ALTER TABLE "email_deliveries" ADD COLUMN "notification_ids" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "email_deliveries" ADD COLUMN "mode" text NOT NULL;--> statement-breakpoint
ALTER TABLE "email_deliveries" ADD COLUMN "due_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "email_deliveries" ADD COLUMN "html" text;--> statement-breakpoint
ALTER TABLE "email_deliveries" ADD COLUMN "text_body" text;--> statement-breakpoint
ALTER TABLE "email_deliveries" ADD COLUMN "round_attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "email_deliveries" ADD COLUMN "reason" text;--> statement-breakpoint
ALTER TABLE "email_deliveries" ADD COLUMN "claimed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "email_deliveries" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "failed_notifications" ADD COLUMN "delivery_id" integer NOT NULL;--> statement-breakpoint
ALTER TABLE "failed_notifications" ADD COLUMN "user_id" integer;--> statement-breakpoint
ALTER TABLE "failed_notifications" ADD COLUMN "is_retryable" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "failed_notifications" ADD COLUMN "resolved_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "notification_preferences" ADD COLUMN "is_in_app" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "notification_preferences" ADD COLUMN "email" text DEFAULT 'immediate' NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "actor_user_id" integer;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "is_in_app" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "digest_delivery_id" integer;--> statement-breakpoint
ALTER TABLE "email_deliveries" ADD CONSTRAINT "email_deliveries_notification_id_notifications_id_fk" FOREIGN KEY ("notification_id") REFERENCES "public"."notifications"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "failed_notifications" ADD CONSTRAINT "failed_notifications_delivery_id_email_deliveries_id_fk" FOREIGN KEY ("delivery_id") REFERENCES "public"."email_deliveries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "failed_notifications" ADD CONSTRAINT "failed_notifications_notification_id_notifications_id_fk" FOREIGN KEY ("notification_id") REFERENCES "public"."notifications"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "email_deliveries_digest_key" ON "email_deliveries" USING btree ("digest_key");--> statement-breakpoint
CREATE INDEX "email_deliveries_status_idx" ON "email_deliveries" USING btree ("status","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "failed_notifications_delivery_key" ON "failed_notifications" USING btree ("delivery_id");--> statement-breakpoint
CREATE INDEX "notifications_read_idx" ON "notifications" USING btree ("read_at") WHERE "notifications"."read_at" is not null;--> statement-breakpoint
ALTER TABLE "notification_preferences" DROP COLUMN "is_email_enabled";