"""The graph: a time slice as nodes and links (or an export of it for other tools), and paths between
two actors."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from fastapi.responses import StreamingResponse

from app.api.deps import ReadServiceDep, SettingsDep
from app.api.errors import invalid
from app.api.examples import documented
from app.api.params import AtQ, EdgeFilter, Filter, ResolveQ, graph_limit, with_at
from app.api.schemas import DocumentResponse, GraphSlice, ModelResponse, Paths, WindowOut, window_json
from app.services.exporting import MEDIA_TYPES, Exporter, ExportFormat
from app.services.identity import IdentityService
from app.services.reading import MAX_PATH_LENGTH

router = APIRouter(tags=["graph"])

FormatQ = Annotated[
    ExportFormat | None,
    Query(
        alias="format",
        description="an export for another tool instead of the JSON slice: `cytoscape` (Cytoscape.js JSON), "
        "`node-link` (D3, vis-network, networkx), `graphml` (yEd, Gephi), `gexf` (GEXF 1.3 with time spells, "
        "for Gephi's timeline), `csv` (an edge list). Streamed; every matching claim unless `limit` is given",
    ),
]
SliceLimitQ = Annotated[
    int | None,
    Query(
        ge=1,
        description="most links (claims). The JSON slice: default and maximum API_MAX_LIMIT; "
        "an export (`format`): default all",
    ),
]


def _graph_responses() -> dict[int | str, dict[str, Any]]:
    responses = documented("graph")
    ok = dict(responses[200])
    content = dict(ok["content"])
    for fmt in ExportFormat:
        media_type = MEDIA_TYPES[fmt].split(";")[0]
        content.setdefault(media_type, {"schema": {"type": "string"}})
    return {**responses, 200: {**ok, "content": content}}


def declare_exports(spec: dict[str, Any]) -> dict[str, Any]:
    """In the OpenAPI document, /graph's application/json is the slice or (with `format`) a Cytoscape.js or
    node-link export: FastAPI states only the slice's model."""
    media = spec["paths"]["/graph"]["get"]["responses"]["200"]["content"]["application/json"]
    media["schema"] = {
        "anyOf": [
            {"$ref": "#/components/schemas/GraphSlice"},
            {"type": "object", "required": ["data", "elements"], "title": "Cytoscape.js export"},
            {"type": "object", "required": ["directed", "graph", "nodes", "links"], "title": "node-link export"},
        ]
    }
    return spec


@router.get(
    "/graph",
    response_model=GraphSlice,
    responses=_graph_responses(),
    summary="A time slice as nodes and links, ready to draw; or an export for Cytoscape, Gephi, yEd, D3",
)
async def get_graph(
    svc: ReadServiceDep,
    settings: SettingsDep,
    flt: Filter,
    limit: SliceLimitQ = None,
    at: AtQ = None,
    fmt: FormatQ = None,
    resolve: ResolveQ = None,
) -> Response:
    flt = with_at(flt, at)
    if fmt is not None and resolve is not None:
        raise invalid("resolve", "resolve=same_as folds the JSON slice; an export (format) keeps actors apart", resolve)
    if fmt is not None:
        export = await Exporter(svc).export(flt, fmt, limit)
        return StreamingResponse(
            export.chunks,
            media_type=export.media_type,
            headers={"Content-Disposition": f'attachment; filename="{export.filename}"'},
        )
    if resolve:
        found = await IdentityService(svc).graph(flt, graph_limit(settings, limit))
        return ModelResponse(
            GraphSlice(
                window=WindowOut.of(flt.window, flt.mode),
                nodes=found.nodes,
                links=found.links,
                truncated=found.truncated,
            )
        )
    docs = await svc.graph_documents(flt, graph_limit(settings, limit))  # the fast path, as /relationships
    return DocumentResponse(
        {
            "window": window_json(flt.window, flt.mode),
            "nodes": docs.nodes,
            "links": docs.links,
            "truncated": docs.truncated,
        }
    )


@router.get(
    "/paths",
    response_model=Paths,
    response_model_by_alias=True,
    responses=documented("paths"),
    summary="Shortest paths between two actors over relationships valid in the window",
)
async def get_paths(
    svc: ReadServiceDep,
    flt: EdgeFilter,
    from_: Annotated[str, Query(alias="from", description="actor id", max_length=120, examples=["islamic-front"])],
    to: Annotated[
        str, Query(description="actor id, another than `from` (422)", max_length=120, examples=["syrian-army"])
    ],
    max_length: Annotated[int, Query(ge=1, le=MAX_PATH_LENGTH, description="most steps, 1..6")] = 4,
    limit: Annotated[int, Query(ge=1, le=50, description="most paths")] = 10,
) -> Response:
    start, end, paths = await svc.paths(from_, to, flt, max_length, limit)
    return ModelResponse(Paths(start=start, end=end, window=WindowOut.of(flt.window, flt.mode), paths=paths))
