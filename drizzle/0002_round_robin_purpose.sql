ALTER TABLE "round_robin_cursors" ADD COLUMN "purpose" text DEFAULT 'step' NOT NULL;--> statement-breakpoint
ALTER TABLE "round_robin_cursors" DROP CONSTRAINT "round_robin_cursors_role_id_pk";--> statement-breakpoint
ALTER TABLE "round_robin_cursors" ADD CONSTRAINT "round_robin_cursors_role_id_purpose_pk" PRIMARY KEY("role_id","purpose");--> statement-breakpoint
CREATE INDEX "tickets_routing_pending_idx" ON "tickets" USING btree ("id") WHERE "tickets"."routing_status" = 'pending';
