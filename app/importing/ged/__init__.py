"""UCDP's Georeferenced Event Dataset (GED): rows read and checked, sides split into actors, events, and
hostility claims aggregated by pair of actors and calendar month.

The importer needs only `id`, `type_of_violence`, `side_a`, `side_b` and a date (`date_start`/`date_end`,
or `year` with `month`/`day`); it uses every other column of the GED codebook it finds and names the
ones it did not (`GedFile.missing`). See docs/import-format.md for every decision taken here.

Read by phase, one module each: `codebook` (the dataset's columns and codes), `reader` (columns and rows
checked), `actor_list` (the UCDP actor list), `actors` (sides resolved to actors), `events` (sources,
places and events as rows), `claims` (monthly hostility claims derived from the events).
"""
