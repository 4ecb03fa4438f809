"""Every write of monitoring data: indicators, imports of official statistics, derived
values and targets.

Services are keyword-only, typed and atomic; they take the acting user (or an agent name
for the command line and the demo loader), check no permissions (the views ask the
selectors) and leave an audit entry. The modules:

* ``indicators``: own indicators and the shared catalogue;
* ``imports``: reading and importing statistics files (all or nothing, step by step);
* ``writing``: the bulk write of observations and the single recorded value;
* ``derived``: derived indicators (ratios) and their method;
* ``targets``: targets linked to the concept;
* ``uploads``: files between preview and import, the import with progress events.

``from teilhabe.monitoring import services`` and ``services.<name>`` keep working.
"""

from .derived import ComputeResult, compute_ratio, derived_compute, method_text
from .imports import (
    LICENCE,
    MAX_VALUE,
    PREVIEW_ROWS,
    UNIT_FAMILIES,
    ImportResult,
    PreviewRow,
    Step,
    import_steps,
    parse_upload,
    run_steps,
    stats_import,
)
from .indicators import INDICATOR_FIELDS, catalogue_ensure, indicator_create, indicator_update
from .targets import target_create
from .uploads import import_events, upload_import, upload_stash
from .writing import CHUNK, STORED, NewRow, observation_record, write_steps

__all__ = [
    "CHUNK",
    "INDICATOR_FIELDS",
    "LICENCE",
    "MAX_VALUE",
    "PREVIEW_ROWS",
    "STORED",
    "UNIT_FAMILIES",
    "ComputeResult",
    "ImportResult",
    "NewRow",
    "PreviewRow",
    "Step",
    "catalogue_ensure",
    "compute_ratio",
    "derived_compute",
    "import_events",
    "import_steps",
    "indicator_create",
    "indicator_update",
    "method_text",
    "observation_record",
    "parse_upload",
    "run_steps",
    "stats_import",
    "target_create",
    "upload_import",
    "upload_stash",
    "write_steps",
]
