-- Custom migration (drizzle-kit generate --custom): what drizzle-kit cannot express.
-- task_items.workflow_id, step_key and priority are copies for the dashboards (lib/dashboards), so
-- their queries read task_items alone. A trigger fills them on insert, whatever code path inserts
-- the item; a value the insert gives is kept.
CREATE FUNCTION task_items_fill_facts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.workflow_id IS NULL OR NEW.step_key IS NULL THEN
    SELECT v.workflow_id, s.key INTO NEW.workflow_id, NEW.step_key
      FROM steps s JOIN workflow_versions v ON v.id = s.workflow_version_id
      WHERE s.id = NEW.step_id;
  END IF;
  IF NEW.priority IS NULL THEN
    SELECT tk.priority INTO NEW.priority
      FROM tasks t JOIN tickets tk ON tk.id = t.ticket_id
      WHERE t.id = NEW.task_id;
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER task_items_fill_facts BEFORE INSERT ON task_items
  FOR EACH ROW EXECUTE FUNCTION task_items_fill_facts();
--> statement-breakpoint
UPDATE task_items i
   SET workflow_id = v.workflow_id, step_key = s.key, priority = tk.priority
  FROM steps s, workflow_versions v, tasks t, tickets tk
 WHERE s.id = i.step_id AND v.id = s.workflow_version_id AND t.id = i.task_id AND tk.id = t.ticket_id
   AND i.workflow_id IS NULL;
