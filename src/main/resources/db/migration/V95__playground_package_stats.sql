-- Package statistics for GET /api/v1/packages/{id}/stats, refreshed with package_analytics (hourly).
-- refreshed_at is now() of the refresh that computed the row.
CREATE MATERIALIZED VIEW playground_package_stats AS
WITH per_model AS (
  SELECT package_id, model, count(*) AS runs,
         row_number() OVER (PARTITION BY package_id ORDER BY count(*) DESC, model) AS place
  FROM usage
  WHERE package_id IS NOT NULL
  GROUP BY package_id, model
)
SELECT u.package_id,
       count(*)                                   AS runs,
       count(*) FILTER (WHERE u.is_error)         AS failed_runs,
       count(DISTINCT u.user_id)                  AS unique_users,
       avg(u.rating)::numeric(4, 2)               AS mean_rating,
       count(u.rating)                            AS ratings,
       coalesce(sum(u.credits), 0)::bigint        AS credits,
       (SELECT jsonb_agg(jsonb_build_object('model', m.model, 'runs', m.runs) ORDER BY m.place)
          FROM per_model m
         WHERE m.package_id = u.package_id AND m.place <= 3) AS top_models,
       max(u.created_at)                          AS last_run_at,
       now()                                      AS refreshed_at
FROM usage u
WHERE u.package_id IS NOT NULL
GROUP BY u.package_id
WITH DATA;
CREATE UNIQUE INDEX playground_package_stats_pk ON playground_package_stats (package_id);

-- When each analytics view was last refreshed (a package without runs has no row in the view).
CREATE TABLE analytics_refreshes (
  view_name    TEXT PRIMARY KEY,
  refreshed_at TIMESTAMPTZ NOT NULL
);
INSERT INTO analytics_refreshes (view_name, refreshed_at) VALUES ('playground_package_stats', now());
