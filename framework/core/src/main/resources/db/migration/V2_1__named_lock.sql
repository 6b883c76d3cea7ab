-- Named locks held for the span of a transaction (SELECT ... FOR UPDATE on the row): the token
-- manager's cross-process refresh lock. A row per name, created on first use.
CREATE TABLE tributary_lock (
  name VARCHAR(200) NOT NULL,
  CONSTRAINT pk_tributary_lock PRIMARY KEY (name)
);
