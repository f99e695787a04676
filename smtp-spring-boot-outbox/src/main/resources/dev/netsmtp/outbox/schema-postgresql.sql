-- netsmtp outbox: its messages, and db-scheduler's table of work items (the engine's own schema,
-- https://github.com/kagkarlsson/db-scheduler#getting-started). Safe to run again.
CREATE TABLE IF NOT EXISTS smtp_outbox (
  message_key VARCHAR(255) PRIMARY KEY,
  work_item VARCHAR(255) NOT NULL,
  state VARCHAR(16) NOT NULL,
  envelope TEXT NOT NULL,
  content BYTEA NOT NULL,
  octets INT NOT NULL,
  attempts INT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  next_attempt_at BIGINT,
  node VARCHAR(64),
  last_reply VARCHAR(1000)
);
CREATE INDEX IF NOT EXISTS smtp_outbox_state_idx ON smtp_outbox (state, created_at);
CREATE INDEX IF NOT EXISTS smtp_outbox_work_item_idx ON smtp_outbox (work_item, state);

CREATE TABLE IF NOT EXISTS scheduled_tasks (
  task_name TEXT NOT NULL,
  task_instance TEXT NOT NULL,
  task_data BYTEA,
  execution_time TIMESTAMP WITH TIME ZONE NOT NULL,
  picked BOOLEAN NOT NULL,
  picked_by TEXT,
  last_success TIMESTAMP WITH TIME ZONE,
  last_failure TIMESTAMP WITH TIME ZONE,
  consecutive_failures INT,
  last_heartbeat TIMESTAMP WITH TIME ZONE,
  version BIGINT NOT NULL,
  priority SMALLINT,
  PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX IF NOT EXISTS execution_time_idx ON scheduled_tasks (execution_time);
CREATE INDEX IF NOT EXISTS last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
CREATE INDEX IF NOT EXISTS priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);
