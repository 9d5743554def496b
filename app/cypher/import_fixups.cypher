// After an offline first load (alliance import claims --offline): the properties its CSV lines could not
// hold (an empty list, which the bulk loader drops; see app/importing/bulk.py), set on the nodes by id, so
// the graph is the one the online import writes. {{label}} is one of label_*.cypher. $rows: [{id, props}]
UNWIND $rows AS row
MATCH (n:{{label}} {id: row.id})
SET n += row.props
RETURN count(n) AS fixed
