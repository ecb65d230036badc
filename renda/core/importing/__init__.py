"""A small framework for importing registers (rosters of deputies, handling units …) from Excel.

Why not django-import-export: a province's roster has ~20 000 rows. Import-export builds a tablib Dataset in
memory, runs a model form-like resource per row and queries per row; that is slow and memory-hungry at this
size. Here a sheet is read by python-calamine behind checks on the archive, each cell is parsed by a small
pure function from a column spec, lookups are loaded once, and the write is a handful of bulk statements in
one transaction. Exports are streamed by the one xlsx writer (:mod:`renda.core.xlsx`).

The package, by concern:

* :mod:`~renda.core.importing.cells` — :class:`Column`, the pure parsers and validators (``text``,
  ``date_value``, ``choice`` …, ``parse_id_number``), :class:`CellInvalid`, :class:`ErrorList`.
* :mod:`~renda.core.importing.reader` — checks on the upload and its archive, the first worksheet's rows.
* :mod:`~renda.core.importing.records` — the header mapped onto the columns, rows parsed into records.
* :mod:`~renda.core.importing.jobs` — :class:`Importer` and :func:`import_job_run`: validate everything, then
  write everything in ONE transaction with one audit Event, or nothing.
* :mod:`~renda.core.importing.bulk` — executemany updates with history.
* :mod:`~renda.core.importing.workbooks` — the export, the import template and the error list.
* :mod:`~renda.core.importing.views` — :class:`ImportViews`, the five pages every register configures.

The names below are re-exported so callers import them from ``renda.core.importing``.
"""

from renda.core.idnumber import gb11643_check_char
from renda.core.importing.bulk import BulkChanges, bulk_update_rows, bulk_update_with_history_fast
from renda.core.importing.cells import (
    CellInvalid,
    Column,
    ErrorList,
    IdNumber,
    ImportFileError,
    Parser,
    boolean,
    chinese_labels,
    choice,
    clean_text,
    date_value,
    display_value,
    id_number,
    is_blank,
    mobile,
    multi_choice,
    parse_id_number,
    phone,
    text,
)
from renda.core.importing.jobs import (
    PROGRESS_EVERY,
    Importer,
    RunReport,
    WriteResult,
    import_job_create,
    import_job_run,
    import_job_run_capped,
)
from renda.core.importing.reader import (
    NOT_XLSX,
    Sheet,
    check_archive,
    check_upload,
    inspect_upload,
    open_sheet,
)
from renda.core.importing.records import check_header, iter_records
from renda.core.importing.views import (
    ImportForm,
    ImportPage,
    ImportViews,
    can_open_job,
    import_start,
    job_context,
    job_for_user_or_404,
    upload_context,
)
from renda.core.importing.workbooks import (
    audited_export,
    errors_workbook,
    export_rows_xlsx,
    export_workbook,
    template_workbook,
    workbook_from_rows,
)
from renda.core.xlsx import XLSX_CONTENT_TYPE, xlsx_response

__all__ = [
    "NOT_XLSX",
    "PROGRESS_EVERY",
    "XLSX_CONTENT_TYPE",
    "BulkChanges",
    "CellInvalid",
    "Column",
    "ErrorList",
    "IdNumber",
    "ImportFileError",
    "ImportForm",
    "ImportPage",
    "ImportViews",
    "Importer",
    "Parser",
    "RunReport",
    "Sheet",
    "WriteResult",
    "audited_export",
    "boolean",
    "bulk_update_rows",
    "bulk_update_with_history_fast",
    "can_open_job",
    "check_archive",
    "check_header",
    "check_upload",
    "chinese_labels",
    "choice",
    "clean_text",
    "date_value",
    "display_value",
    "errors_workbook",
    "export_rows_xlsx",
    "export_workbook",
    "gb11643_check_char",
    "id_number",
    "import_job_create",
    "import_job_run",
    "import_job_run_capped",
    "import_start",
    "inspect_upload",
    "is_blank",
    "iter_records",
    "job_context",
    "job_for_user_or_404",
    "mobile",
    "multi_choice",
    "open_sheet",
    "parse_id_number",
    "phone",
    "template_workbook",
    "text",
    "upload_context",
    "workbook_from_rows",
    "xlsx_response",
]
