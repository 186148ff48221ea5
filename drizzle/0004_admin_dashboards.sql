CREATE TABLE "dashboard_duration_days" (
	"day" date NOT NULL,
	"workflow_id" integer NOT NULL,
	"step_key" text NOT NULL,
	"bucket" smallint NOT NULL,
	"items" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "dashboard_duration_days_day_workflow_id_step_key_bucket_pk" PRIMARY KEY("day","workflow_id","step_key","bucket")
);
--> statement-breakpoint
CREATE TABLE "dashboard_item_days" (
	"day" date NOT NULL,
	"workflow_id" integer NOT NULL,
	"step_key" text NOT NULL,
	"priority" text NOT NULL,
	"resolved" integer DEFAULT 0 NOT NULL,
	"resolved_in_sla" integer DEFAULT 0 NOT NULL,
	"breached" integer DEFAULT 0 NOT NULL,
	"warned" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "dashboard_item_days_day_workflow_id_step_key_priority_pk" PRIMARY KEY("day","workflow_id","step_key","priority")
);
--> statement-breakpoint
CREATE TABLE "dashboard_rollup_state" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"rolled_until" date NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dashboard_task_days" (
	"day" date NOT NULL,
	"workflow_id" integer NOT NULL,
	"priority" text NOT NULL,
	"started" integer DEFAULT 0 NOT NULL,
	"resolved" integer DEFAULT 0 NOT NULL,
	"resolved_in_sla" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "dashboard_task_days_day_workflow_id_priority_pk" PRIMARY KEY("day","workflow_id","priority")
);
--> statement-breakpoint
ALTER TABLE "role_users" ADD COLUMN "assignment_paused_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "role_users" ADD COLUMN "assignment_paused_by" integer;--> statement-breakpoint
ALTER TABLE "role_users" ADD COLUMN "assignment_pause_reason" text;--> statement-breakpoint
ALTER TABLE "dead_letters" ADD COLUMN "replayed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "dead_letters" ADD COLUMN "replayed_by" integer;--> statement-breakpoint
ALTER TABLE "dead_letters" ADD COLUMN "replay_outcome" text;--> statement-breakpoint
ALTER TABLE "dead_letters" ADD COLUMN "discarded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "dead_letters" ADD COLUMN "discarded_by" integer;--> statement-breakpoint
ALTER TABLE "task_items" ADD COLUMN "workflow_id" integer;--> statement-breakpoint
ALTER TABLE "task_items" ADD COLUMN "step_key" text;--> statement-breakpoint
ALTER TABLE "task_items" ADD COLUMN "priority" text;--> statement-breakpoint
ALTER TABLE "task_items" ADD COLUMN "work_seconds" integer GENERATED ALWAYS AS ((extract(epoch from ("task_items"."acted_at" - "task_items"."assigned_at")))::int - "task_items"."held_seconds") STORED;--> statement-breakpoint
CREATE INDEX "task_items_resolved_at_idx" ON "task_items" USING btree ("acted_at") WHERE "task_items"."status" = 'resolved';--> statement-breakpoint
CREATE INDEX "task_items_step_duration_idx" ON "task_items" USING btree ("workflow_id","step_key","work_seconds","acted_at") WHERE "task_items"."status" = 'resolved';--> statement-breakpoint
CREATE INDEX "task_items_breached_at_idx" ON "task_items" USING btree ("breached_at") WHERE "task_items"."breached_at" is not null;--> statement-breakpoint
CREATE INDEX "task_items_warned_at_idx" ON "task_items" USING btree ("warned_at") WHERE "task_items"."warned_at" is not null;--> statement-breakpoint
CREATE INDEX "tasks_started_at_idx" ON "tasks" USING btree ("started_at");--> statement-breakpoint
CREATE INDEX "tasks_resolved_at_idx" ON "tasks" USING btree ("resolved_at") WHERE "tasks"."resolved_at" is not null;--> statement-breakpoint
CREATE INDEX "tasks_version_idx" ON "tasks" USING btree ("workflow_version_id","status");--> statement-breakpoint
CREATE INDEX "audit_events_created_idx" ON "audit_events" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "audit_events_actor_idx" ON "audit_events" USING btree ("actor_user_id","created_at");