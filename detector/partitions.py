"""Spill enriched records to disk in partitions, so no step holds the whole log.

Two partitionings of the same requests:

* **by account** — every request of an account goes to the partition of its
  account; unauthenticated requests go to the partition of their address,
  except those of an application session somebody signs into, which follow
  that session's first account.  So no session, window or account-day is
  ever split between partitions.
* **by address** — every request goes to the partition of its client
  address, so no address-day is split; only the columns address-day
  features read (:data:`detector.units.ADDRESS_COLUMNS`) are kept.

Partitions are Arrow IPC (Feather) pieces, one per partition per chunk read,
under one spill directory; :func:`read_partition` joins a partition's pieces
back into a records frame (categorical columns united).

One rare case is split: an application session signed into by two
different accounts keeps the rows of the second account with that account.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.feather as feather

from detector.schema import arrow_index, categorical, factorize
from detector.units import ADDRESS_COLUMNS

BY_ACCOUNT = "account"
BY_ADDRESS = "address"
#: Uncompressed spilled bytes per byte of (plain) log text, measured on combined logs (lz4: about 0.2).
UNCOMPRESSED_SPILL_RATIO = 0.6


def spill_compression(setting: str, log_bytes: float, directory: Path) -> str:
    """The compression a spill of ``log_bytes`` of log text into ``directory`` uses.

    Parameters
    ----------
    setting : {"auto", "none", "lz4", "zstd"}
        ``Settings.spill_compression``; ``auto`` writes uncompressed pieces
        (the fastest: no compression in the reading pass, none to undo in
        the summaries) when their estimated size fits in a quarter of the
        free space of ``directory``'s disk, and lz4 otherwise.
    log_bytes : float
        Log text to spill (gzip counted at its uncompressed size).
    directory : Path
        The spill directory.

    Returns
    -------
    str
        ``none``, ``lz4`` or ``zstd``.
    """
    if setting != "auto":
        return setting
    free = shutil.disk_usage(directory).free
    return "none" if UNCOMPRESSED_SPILL_RATIO * log_bytes <= free / 4 else "lz4"


def _partition_of(values: np.ndarray, n: int) -> np.ndarray:
    """A stable partition number for each text value (the same in every process and run)."""
    if len(values) == 0:
        return np.zeros(0, dtype=np.int64)
    return (pd.util.hash_array(np.asarray(values, dtype=object)) % np.uint64(n)).astype(np.int64)


def partition_rows(column: pd.Series, n: int) -> np.ndarray:
    """Partition number of every row's value in ``column`` (-1 where it is missing)."""
    codes, uniques = factorize(column)
    table = np.append(_partition_of(np.asarray(uniques, dtype=object), n), -1)
    return table[codes]


#: Dictionaries up to this many entries are spilled whole in every piece (see :func:`_compact`).
SMALL_DICTIONARY = 4096


def _compact(table: pa.Table) -> pa.Table:
    """``table`` with each dictionary column keeping only the values it uses (a piece's own dictionary).

    Rows taken from a chunk keep the chunk's whole dictionary; this keeps
    the used entries, in their order, by marking codes rather than hashing
    values.  Dictionaries of at most :data:`SMALL_DICTIONARY` entries are
    left whole: every piece of every partition would otherwise pay the
    same few steps for a dictionary that costs nothing to carry (and
    :func:`read_partition` unites them all the same).
    """
    columns = []
    for column in table.columns:
        if (pa.types.is_dictionary(column.type) and column.num_chunks == 1
                and len(column.chunk(0).dictionary) > SMALL_DICTIONARY):
            array = column.chunk(0)
            n = len(array.dictionary)
            codes = np.asarray(array.indices.fill_null(n).to_numpy(zero_copy_only=False), dtype=np.int64)
            used = np.zeros(n + 1, dtype=bool)
            used[codes] = True  # missing values mark the spare last slot
            keep = np.flatnonzero(used[:n])
            if len(keep) < n:
                remap = np.full(n + 1, -1, dtype=np.int64)
                remap[keep] = np.arange(len(keep))
                new = remap[codes]
                indices = pa.array(new.astype(array.indices.type.to_pandas_dtype()), mask=new < 0)
                column = pa.chunked_array([pa.DictionaryArray.from_arrays(indices, array.dictionary.take(pa.array(keep)))])
        columns.append(column)
    return pa.Table.from_arrays(columns, names=table.column_names).replace_schema_metadata(table.schema.metadata)


def _arrow(frame: pd.DataFrame) -> pa.Table:
    """A records frame as an Arrow table (categoricals as dictionaries, no index)."""
    return pa.Table.from_pandas(frame.reset_index(drop=True), preserve_index=False)


@dataclass
class PartitionSpill:
    """Writes enriched chunks into partitions under ``directory``.

    Parameters
    ----------
    directory : Path
        The spill directory (shared by every spill of one scan).
    partitions : int
        Partitions per partitioning.
    name : str, default "t00000"
        Prefix of this spill's piece files.  A partition's pieces are read in
        the order of their names, so spills of consecutive pieces of a log
        (read in parallel) are named in log order.
    compression : {"none", "lz4", "zstd"}, default "lz4"
        How pieces are compressed (see :func:`spill_compression`).

    Attributes
    ----------
    app_users : list of pandas.DataFrame
        ``app_session, user, ts`` of the first signed-in request of each
        application session seen, per chunk.
    staged : list of Path
        Pieces of unsigned requests of application sessions, to be placed
        by :func:`place_staged` once every spill of the log is done.

    Notes
    -----
    Call :meth:`add` for every chunk, then :func:`place_staged` once with
    every spill of the log in order; then read partitions with
    :func:`read_partition` on :func:`partition_pieces`.
    """

    directory: Path
    partitions: int
    name: str = "t00000"
    compression: str = "lz4"
    _chunks: int = 0
    app_users: list[pd.DataFrame] = field(default_factory=list, repr=False)
    staged: list[Path] = field(default_factory=list, repr=False)

    def _write(self, table: pa.Table, kind: str, part: int, piece: int) -> Path:
        path = self.directory / kind / f"{part:05d}" / f"{self.name}-{piece:06d}.arrow"
        path.parent.mkdir(parents=True, exist_ok=True)
        feather.write_feather(table, path, compression="uncompressed" if self.compression == "none" else self.compression)
        return path

    def scatter(self, table: pa.Table, part: np.ndarray, kind: str, piece: int) -> None:
        """Write the rows of ``table`` to the partition ``part`` gives each, as piece number ``piece``."""
        if len(part) == 0:
            return
        order = np.argsort(part, kind="stable")
        sorted_part = part[order]
        starts = np.flatnonzero(np.r_[True, sorted_part[1:] != sorted_part[:-1]])
        taken = table.take(pa.array(order))  # one take in partition order; each piece is a slice of it
        for start, stop in zip(starts, [*starts[1:], len(order)]):
            self._write(_compact(taken.slice(int(start), int(stop - start))), kind, int(sorted_part[start]), piece)

    def add(self, enriched: pd.DataFrame) -> None:
        """Spill one enriched chunk into both partitionings."""
        if enriched.empty:
            return
        n = self.partitions
        account_part = partition_rows(enriched["user"], n)
        address_part = partition_rows(enriched["client_ip"], n)
        has_app = enriched["app_session"].notna().to_numpy()
        signed = account_part >= 0
        # the first account of each signed-into app session, to place its unsigned rows with it
        both = signed & has_app
        if both.any():
            pairs = enriched.loc[both, ["app_session", "user", "ts"]].astype({"app_session": object, "user": object})
            self.app_users.append(pairs.sort_values("ts", kind="stable").drop_duplicates("app_session"))
        table = _arrow(enriched)  # converted once; every piece is taken from it
        staged = ~signed & has_app
        if staged.any():
            self.staged.append(self._write(_compact(table.filter(pa.array(staged))), "staged", 0, self._chunks))
        anonymous = ~signed & ~has_app
        account_part[anonymous] = address_part[anonymous]
        keep = ~staged
        self.scatter(table.filter(pa.array(keep)) if staged.any() else table, account_part[keep], BY_ACCOUNT, self._chunks)
        self.scatter(table.select(list(ADDRESS_COLUMNS)), address_part, BY_ADDRESS, self._chunks)
        self._chunks += 1


def place_staged(spills: Sequence[PartitionSpill], line_offsets: Mapping[str, int] | None = None) -> None:
    """Place the staged rows of application sessions with their first account, over every spill of a log.

    Parameters
    ----------
    spills : sequence of PartitionSpill
        Every spill of one log, in log order (what they saw is combined, so
        an application session signed into in one spill and browsed
        unsigned in another still lands with its account).  Their staged
        pieces are removed.
    line_offsets : mapping of str to int, optional
        Added to the ``line_no`` of each spill's staged rows, by spill name
        (see :func:`read_partition`); the placed pieces are numbered in
        their files already.
    """
    if not spills:
        return
    frames = [pairs for spill in spills for pairs in spill.app_users]
    if frames:
        pairs = pd.concat(frames, ignore_index=True).sort_values("ts", kind="stable")
        first_user = pairs.drop_duplicates("app_session").set_index("app_session")["user"]
    else:
        first_user = pd.Series([], dtype=object)
    placed = PartitionSpill(spills[0].directory, spills[0].partitions, name="z-staged", compression=spills[0].compression)
    paths = [(path, spill.name) for spill in spills for path in spill.staged]
    for piece, (path, name) in enumerate(paths):
        table = _numbered(feather.read_table(path), (line_offsets or {}).get(name, 0))
        app = pd.Series(table.column("app_session").to_pandas(), dtype=object)
        owner = app.map(first_user)
        # never signed into: the app session itself decides (its rows stay together)
        key = np.where(owner.notna(), owner.to_numpy(dtype=object), ("app\x00" + app).to_numpy(dtype=object))
        placed.scatter(table, _partition_of(key, placed.partitions), BY_ACCOUNT, piece)
        path.unlink()
    for spill in spills:
        spill.app_users, spill.staged = [], []


def partition_pieces(directory: Path, kind: str) -> list[list[Path]]:
    """The pieces of every non-empty partition of one partitioning (``account`` or ``address``), in read order."""
    root = directory / kind
    if not root.is_dir():
        return []
    return [sorted(d.glob("*.arrow")) for d in sorted(root.iterdir()) if d.is_dir() and any(d.iterdir())]


def _wide_dictionaries(table: pa.Table) -> pa.Table:
    """``table`` with every dictionary column as int32 codes of strings (pieces differ in code width)."""
    columns = []
    for column_field, column in zip(table.schema, table.columns):
        if pa.types.is_dictionary(column_field.type):
            values = column_field.type.value_type
            column = column.cast(pa.dictionary(pa.int32(), pa.large_string() if pa.types.is_null(values) else values))
        columns.append(column)
    return pa.Table.from_arrays(columns, names=table.column_names).replace_schema_metadata(table.schema.metadata)


def _numbered(table: pa.Table, offset: int) -> pa.Table:
    """``table`` with ``offset`` added to its ``line_no`` column (when it has one)."""
    if not offset or "line_no" not in table.column_names:
        return table
    at = table.column_names.index("line_no")
    return table.set_column(at, "line_no", pc.add(table.column(at), pa.scalar(offset, table.schema.field(at).type)))


def spill_name(piece: Path) -> str:
    """The name of the spill that wrote a piece (``t00003`` for ``t00003-000012.arrow``)."""
    return Path(piece).stem.rsplit("-", 1)[0]


def read_partition(pieces: Sequence[Path], line_offsets: Mapping[str, int] | None = None) -> pd.DataFrame:
    """One partition's records (pieces in spill order, categoricals united).

    The pieces are joined as Arrow tables, their dictionaries unified once,
    and converted to pandas once (what :func:`detector.schema.concat_records`
    gives, without a conversion per piece).

    Parameters
    ----------
    pieces : sequence of Path
        The partition's pieces (:func:`partition_pieces`).
    line_offsets : mapping of str to int, optional
        Added to the ``line_no`` of each piece by the name of the spill that
        wrote it (:func:`spill_name`): read tasks number their lines from 1.

    Returns
    -------
    pandas.DataFrame
        Enriched records (:func:`detector.enrich.enrich_records`'s columns),
        empty but with those columns when there are no pieces.
    """
    if not pieces:  # a partition nothing was spilled to: no rows, but the columns of spilled (enriched) records
        from detector.enrich import enrich_records
        from detector.schema import empty_records

        return enrich_records(empty_records())
    offsets = line_offsets or {}
    tables = [_wide_dictionaries(_numbered(feather.read_table(p), offsets.get(spill_name(p), 0))) for p in pieces]
    table = pa.concat_tables(tables, promote_options="permissive").unify_dictionaries().combine_chunks()
    text = [i for i, f in enumerate(table.schema) if pa.types.is_dictionary(f.type) and _is_text(f.type.value_type)]
    if not text or table.num_rows == 0:
        return _text_categories(table.to_pandas())
    # text dictionaries become categoricals here, without pandas re-hashing every category to check it
    # (unify_dictionaries leaves each dictionary distinct); the other columns convert as usual
    rest = table.drop_columns([table.column_names[i] for i in text]).to_pandas()
    columns = {}
    for i, name in enumerate(table.column_names):
        if i in text:
            array = table.column(i).chunk(0)
            codes = array.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int32, copy=False)
            columns[name] = categorical(codes, arrow_index(array.dictionary))
        else:
            columns[name] = rest[name].array
    return pd.DataFrame(columns, copy=False)


def _is_text(value_type: pa.DataType) -> bool:
    return pa.types.is_string(value_type) or pa.types.is_large_string(value_type)


def _text_categories(frame: pd.DataFrame) -> pd.DataFrame:
    """Categoricals whose categories came back as ``object`` (a column missing from every piece) as ``str``."""
    for name in frame.columns:
        column = frame[name]
        if isinstance(column.dtype, pd.CategoricalDtype) and column.cat.categories.dtype == object:
            frame[name] = categorical(column.cat.codes.to_numpy(), pd.Index(column.cat.categories, dtype="str"))
    return frame


def write_requests(frame: pd.DataFrame, path: Path) -> None:
    """Write sessionised requests uncompressed, so :func:`take_requests` can memory-map them."""
    path.parent.mkdir(parents=True, exist_ok=True)
    feather.write_feather(frame, path, compression="uncompressed")


def take_requests(path: Path, rows: np.ndarray) -> pd.DataFrame:
    """Rows ``rows`` of a file written by :func:`write_requests`, reading only those."""
    with pa.memory_map(str(path)) as source:
        taken = pa.ipc.open_file(source).read_all().take(pa.array(np.asarray(rows, dtype=np.int64)))
    # re-encode text columns: the partition's dictionaries would come along whole otherwise
    columns = [
        col.cast(col.type.value_type).dictionary_encode()
        if pa.types.is_dictionary(col.type) and not pa.types.is_null(col.type.value_type)
        else col
        for col in taken.columns
    ]
    return pa.Table.from_arrays(columns, schema=None, names=taken.column_names).replace_schema_metadata(
        taken.schema.metadata
    ).to_pandas()
