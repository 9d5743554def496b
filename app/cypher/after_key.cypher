// Fragment: keyset paging on (from_lo, id): claims after the last one of the previous page.
(c.from_lo > $after_from OR (c.from_lo = $after_from AND c.id > $after_id))
