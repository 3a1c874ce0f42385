"""Install a newer OEWS release from a folder of BLS's flat files, for `careerbook data update`.

The folder is read and checked completely before anything is written; the compact file is
written to a temporary file in the user's data folder, checked, and only then moved over the
previous one (os.replace, atomic on one file system). A bad folder changes nothing.
"""

from __future__ import annotations

from pathlib import Path

from careerbook.oews.models import Release
from careerbook.oews.store import current_release, user_data_file


def update_from_flat_files(folder: Path | str) -> Release:
    """Read BLS's OEWS flat files in folder (oe.data.0.Current, oe.occupation, oe.area,
    oe.areatype, oe.footnote, oe.datatype, oe.industry) and make them the release in use.
    Raises DataError, naming the file and line, when the folder is incomplete or malformed."""
    # Imported here: lookups need none of it, and a cold lookup must stay fast.
    from careerbook.oews.flatfiles import read_folder
    from careerbook.oews.writer import write_file

    dataset = read_folder(Path(folder))
    write_file(dataset, user_data_file())
    return current_release()
