"""One font program for the whole booklet, cut with HarfBuzz's subsetter.

Each part embeds its own subset of each font; twenty careers would carry twenty
copies of Inter. WeasyPrint keeps glyph numbers when it subsets, so one subset
made from the whole font with the glyphs of all the parts serves every part, and
the booklet carries each font once, as the single-document booklet does.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from careerbook.speed.forking import find_library

_HB_CDEF = """
typedef ... hb_blob_t; typedef ... hb_face_t; typedef ... hb_subset_input_t; typedef ... hb_set_t;
typedef uint32_t hb_codepoint_t; typedef uint32_t hb_tag_t;
hb_blob_t * hb_blob_create (const char *data, unsigned int length, int mode, void *user_data,
                            void *destroy);
void hb_blob_destroy (hb_blob_t *blob);
const char * hb_blob_get_data (hb_blob_t *blob, unsigned int *length);
hb_face_t * hb_face_create (hb_blob_t *blob, unsigned int index);
void hb_face_destroy (hb_face_t *face);
hb_blob_t * hb_face_reference_blob (hb_face_t *face);
hb_tag_t hb_tag_from_string (const char *str, int len);
void hb_set_add_sorted_array (hb_set_t *set, const hb_codepoint_t *sorted_codepoints,
                              unsigned int num_codepoints);
hb_subset_input_t * hb_subset_input_create_or_fail (void);
void hb_subset_input_destroy (hb_subset_input_t *input);
hb_set_t * hb_subset_input_glyph_set (hb_subset_input_t *input);
void hb_subset_input_set_flags (hb_subset_input_t *input, unsigned value);
hb_set_t * hb_subset_input_set (hb_subset_input_t *input, int set_type);
hb_face_t * hb_subset_or_fail (hb_face_t *source, const hb_subset_input_t *input);
"""
# HarfBuzz's own names (hb-subset.h): hb_subset_flags_t and hb_subset_sets_t.
HB_SUBSET_FLAGS_NO_HINTING = 0x1
HB_SUBSET_FLAGS_RETAIN_GIDS = 0x2
HB_SUBSET_FLAGS_DESUBROUTINIZE = 0x4
HB_SUBSET_FLAGS_PASSTHROUGH_UNRECOGNIZED = 0x20
HB_SUBSET_SETS_DROP_TABLE_TAG = 3
_DROP = (b"BASE", b"DSIG", b"EBDT", b"EBLC", b"EBSC", b"GPOS", b"GSUB", b"JSTF", b"LTSH", b"PCLT", b"SVG ")


@dataclass(frozen=True)
class HarfBuzz:
    """HarfBuzz through cffi: the declarations, and its two libraries."""

    ffi: Any  # cffi.FFI, with _HB_CDEF declared
    hb: Any  # libharfbuzz: blobs, faces, sets
    hbs: Any  # libharfbuzz-subset: the subsetter


@cache
def _harfbuzz() -> HarfBuzz | None:
    """HarfBuzz and its subsetter, or None where they cannot be loaded (once a process:
    declaring the functions parses C)."""
    try:
        import cffi  # only when a booklet is merged

        ffi = cffi.FFI()
        ffi.cdef(_HB_CDEF)
        names = [(find_library(n) or f"lib{n}.so.0") for n in ("harfbuzz", "harfbuzz-subset")]
        return HarfBuzz(ffi=ffi, hb=ffi.dlopen(names[0]), hbs=ffi.dlopen(names[1]))
    except (ImportError, OSError, AttributeError):
        return None


def subset(whole: bytes, glyphs: list[int]) -> bytes | None:
    """The font with these glyphs, glyph numbers kept, as WeasyPrint subsets (pdf/fonts.py)."""
    loaded = _harfbuzz()
    if loaded is None or not glyphs:
        return None
    ffi, hb, hbs = loaded.ffi, loaded.hb, loaded.hbs
    data = ffi.from_buffer(whole)
    blob = hb.hb_blob_create(data, len(whole), 1, ffi.NULL, ffi.NULL)  # 1: read-only
    face = hb.hb_face_create(blob, 0)
    faces = [face]
    try:
        for step, (wanted, flags) in enumerate(
            (
                (
                    sorted(glyphs),
                    HB_SUBSET_FLAGS_RETAIN_GIDS
                    | HB_SUBSET_FLAGS_PASSTHROUGH_UNRECOGNIZED
                    | HB_SUBSET_FLAGS_DESUBROUTINIZE,
                ),
                (
                    list(range(max(glyphs) + 1)),
                    HB_SUBSET_FLAGS_PASSTHROUGH_UNRECOGNIZED
                    | HB_SUBSET_FLAGS_DESUBROUTINIZE
                    | HB_SUBSET_FLAGS_NO_HINTING,
                ),
            )
        ):
            subset = hbs.hb_subset_input_create_or_fail()
            if subset == ffi.NULL:
                return None
            try:
                array = ffi.new(f"hb_codepoint_t[{len(wanted)}]", wanted)
                hb.hb_set_add_sorted_array(hbs.hb_subset_input_glyph_set(subset), array, len(wanted))
                hbs.hb_subset_input_set_flags(subset, flags)
                if step == 0:
                    tags = sorted(hb.hb_tag_from_string(t, -1) for t in _DROP)
                    drop = ffi.new(f"hb_codepoint_t[{len(tags)}]", tags)
                    hb.hb_set_add_sorted_array(
                        hbs.hb_subset_input_set(subset, HB_SUBSET_SETS_DROP_TABLE_TAG), drop, len(tags)
                    )
                face = hbs.hb_subset_or_fail(faces[-1], subset)
            finally:
                hbs.hb_subset_input_destroy(subset)
            if face == ffi.NULL:
                return None
            faces.append(face)
        out_blob = hb.hb_face_reference_blob(faces[-1])
        length = ffi.new("unsigned int *")
        pointer = hb.hb_blob_get_data(out_blob, length)
        result = None if pointer == ffi.NULL else ffi.unpack(pointer, int(length[0]))
        hb.hb_blob_destroy(out_blob)
        return result
    finally:
        for one in faces:
            hb.hb_face_destroy(one)
        hb.hb_blob_destroy(blob)
