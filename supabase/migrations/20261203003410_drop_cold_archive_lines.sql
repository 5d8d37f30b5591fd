-- audit.cold_archive_lines, the archive's first read door (20261203001410, restated over chunks in
-- 20261203001600), has had no caller since the archiver reads through audit.cold_archive_read's cursor:
-- a second audited door to the same content, one row per line, kept only by tests. An unused door is
-- one more way in to review and keep in step; it goes.
drop function audit.cold_archive_lines(bigint);
