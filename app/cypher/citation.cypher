// Fragment: one citation `x` of source `s`, shaped like app.domain.views.Citation.
{quote: x.quote, stance: x.stance, note: x.note,
 source: s {.id, .kind, .title, .publisher, .author, .account, .url, .licence, published: toString(s.published)}}
