"""XLIFF 2.1, XLIFF 1.2 and gettext PO files of translation units, with translate-toolkit.

One file holds one target language. Placeholders and snippet references are
protected inline codes in XLIFF (``<ph equiv="{{customer_name}}"/>`` in 2.1,
``<x equiv-text="..."/>`` in 1.2), so translation tools show them as tags the
translator moves but does not type; PO has no inline codes, so they stay as
text there and the import checks them. A pre-filled target (an outdated
translation, a memory match) is marked as not yet translated: ``state="initial"``
(2.1), ``state="needs-translation"`` (1.2), ``#, fuzzy`` (PO). The file names the
export it came from (the XLIFF ``original``, the PO header ``X-Parley-Export``).
"""

import re
from dataclasses import dataclass, field

from lxml import etree
from translate.storage import po, xliff, xliff2

from config.errors import InvalidFile
from knowledge.languages import source_language
from knowledge.translators.units import MISSING, OUTDATED, Unit
from templates_app.placeholders import references

FORMATS = ("xliff2", "xliff12", "po")
EXTENSIONS = {"xliff2": "xlf", "xliff12": "xlf", "po": "po"}
CONTENT_TYPES = {
    "xliff2": "application/xliff+xml",
    "xliff12": "application/x-xliff+xml",
    "po": "text/x-gettext-translation",
}
XLIFF2 = "urn:oasis:names:tc:xliff:document:2.0"
XLIFF12 = "urn:oasis:names:tc:xliff:document:1.2"
EXPORT_MARK = "parley-export-"
PO_EXPORT_HEADER = "X-Parley-Export"
# XLIFF 1.2 target states that say "not translated yet".
UNTRANSLATED_12 = {"new", "needs-translation", "needs-adaptation", "needs-l10n"}
# Annotations tools add around words (terms, comments): their text is kept.
ANNOTATIONS = {"mrk"}
# Empty annotation markers of 2.x: nothing to keep.
MARKERS = {"sm", "em"}


class UnitProblem(Exception):
    """A unit of a file that cannot be read (an inline code that is not the source's)."""


@dataclass
class FileUnit:
    """One unit as read back from a file."""

    id: str
    source: str
    target: str
    translated: bool
    problem: str = ""


@dataclass
class TranslationDocument:
    format: str
    language: str
    export_id: int | None
    units: list[FileUnit] = field(default_factory=list)


# --- writing -----------------------------------------------------------------------


def _fill_inline(element: etree._Element, text: str, codes: dict[str, list[str]], fmt: str) -> None:
    """Replace `element`'s content by `text`, each reference in it as an inline code.

    `codes` maps a reference's text to the code ids the source gave it; a
    reference the source has no code for (in a memory match) stays text.
    """
    namespace = etree.QName(element).namespace
    for child in list(element):
        element.remove(child)
    element.text = None
    used: dict[str, int] = {}
    last: etree._Element | None = None
    position = 0

    def add_text(value: str) -> None:
        if not value:
            return
        if last is None:
            element.text = (element.text or "") + value
        else:
            last.tail = (last.tail or "") + value

    for reference in references(text):
        literal = text[reference.start : reference.end]
        ids = codes.get(literal, [])
        index = used.get(literal, 0)
        add_text(text[position : reference.start])
        position = reference.end
        if index >= len(ids):
            add_text(literal)
            continue
        used[literal] = index + 1
        if fmt == "xliff2":
            code = etree.SubElement(element, f"{{{namespace}}}ph")
            code.set("id", ids[index])
            code.set("equiv", literal)
            code.set("disp", literal)
            code.set("canDelete", "no")
        else:
            code = etree.SubElement(element, f"{{{namespace}}}x")
            code.set("id", ids[index])
            code.set("ctype", f"x-parley-{reference.kind}")
            code.set("equiv-text", literal)
        last = code
    add_text(text[position:])


def source_codes(text: str) -> dict[str, list[str]]:
    """Code ids for the references of a source text, numbered in order from 1."""
    codes: dict[str, list[str]] = {}
    for number, reference in enumerate(references(text), start=1):
        codes.setdefault(text[reference.start : reference.end], []).append(str(number))
    return codes


def _xliff_state(unit: Unit, fmt: str) -> tuple[str, str]:
    """(state, 1.2 state-qualifier) of a unit's target."""
    if unit.state not in (MISSING, OUTDATED):
        return ("translated", "") if fmt == "xliff12" else ("final", "")
    if fmt == "xliff2":
        return "initial", ""
    if unit.match == 100:
        return "needs-translation", "exact-match"
    if unit.match is not None:
        return "needs-translation", "fuzzy-match"
    return "needs-translation", ""


def _write_xliff(units: list[Unit], *, language: str, fmt: str, export_id: int) -> bytes:
    source = source_language()
    if fmt == "xliff2":
        skeleton = (
            f'<xliff xmlns="{XLIFF2}" version="2.1" srcLang="{source}" trgLang="{language}">'
            f'<file id="f1" original="{EXPORT_MARK}{export_id}"/></xliff>'
        )
        store = xliff2.Xliff2File.parsestring(skeleton.encode())
    else:
        skeleton = (
            f'<xliff xmlns="{XLIFF12}" version="1.2"><file original="{EXPORT_MARK}{export_id}" '
            f'source-language="{source}" target-language="{language}" datatype="plaintext">'
            "<body/></file></xliff>"
        )
        store = xliff.xlifffile.parsestring(skeleton.encode())
    original = f"{EXPORT_MARK}{export_id}"
    for unit in units:
        if fmt == "xliff2":
            entry = store.addsourceunit(unit.source)
        else:  # 1.2 names the <file> a unit goes to by its `original`
            entry = store.addsourceunit(unit.source, filename=original)
        entry.setid(unit.id)
        codes = source_codes(unit.source)
        node = entry.xmlelement
        namespace = etree.QName(node).namespace
        _fill_inline(node.find(f"{{{namespace}}}source"), unit.source, codes, fmt)
        if unit.target:
            entry.settarget(unit.target, lang=language)
            target = node.find(f"{{{namespace}}}target")
            _fill_inline(target, unit.target, codes, fmt)
        state, qualifier = _xliff_state(unit, fmt)
        if fmt == "xliff2":
            if unit.target:
                node.set("state", state)
            # Notes belong to the unit, before its segments (the toolkit puts them in
            # the segment, which the 2.x schema does not allow).
            unit_element = node.getparent()
            # xml:space belongs to the unit in 2.x; the toolkit sets it on the segment.
            space = "{http://www.w3.org/XML/1998/namespace}space"
            unit_element.set(space, node.attrib.pop(space, "preserve"))
            notes = etree.Element(f"{{{namespace}}}notes")
            for text in unit.notes:
                note = etree.SubElement(notes, f"{{{namespace}}}note")
                note.text = text
            unit_element.insert(0, notes)
            if unit.max_length:
                unit_element.set("name", f"{unit.field} (max {unit.max_length})")
        else:
            if unit.target:
                target.set("state", state)
                if qualifier:
                    target.set("state-qualifier", qualifier)
                if state != "translated":
                    node.attrib.pop("approved", None)
            if unit.max_length:
                node.set("maxwidth", str(unit.max_length))
                node.set("size-unit", "char")
            for text in unit.notes:
                entry.addnote(text, origin="developer")
    # The toolkit declares its default 1.1 namespace on each unit; none is used.
    etree.cleanup_namespaces(store.document.getroot())
    return bytes(store)


def _write_po(units: list[Unit], *, language: str, export_id: int) -> bytes:
    store = po.pofile()
    store.updateheader(
        add=True,
        Project_Id_Version=f"Parley export {export_id}",
        Report_Msgid_Bugs_To="",
        Language=language,
        X_Parley_Export=str(export_id),
    )
    store.settargetlanguage(language)
    for unit in units:
        entry = store.addsourceunit(unit.source)
        entry.setcontext(unit.id)
        for text in unit.notes:
            entry.addnote(text, origin="developer")
        if unit.target:
            entry.target = unit.target
            entry.markfuzzy(unit.state in (MISSING, OUTDATED))
    return bytes(store)


def write(units: list[Unit], *, language: str, fmt: str, export_id: int) -> bytes:
    """The file of `units` (all in `language`) in format `fmt`."""
    if fmt == "po":
        return _write_po(units, language=language, export_id=export_id)
    return _write_xliff(units, language=language, fmt=fmt, export_id=export_id)


# --- reading -----------------------------------------------------------------------


def _inline_text(element: etree._Element | None, codes: dict[str, str]) -> str:
    """The text of a source or target element, inline codes back as their references."""
    if element is None:
        return ""
    parts = [element.text or ""]
    for child in element:
        if not isinstance(child.tag, str):  # comments, processing instructions
            parts.append(child.tail or "")
            continue
        name = etree.QName(child).localname
        if name in ("ph", "x"):
            reference = codes.get(child.get("id", ""))
            if reference is None:
                raise UnitProblem(f"the inline code {child.get('id')!r} is not one of the source's")
            parts.append(reference)
        elif name in ANNOTATIONS:
            parts.append(_inline_text(child, codes))
        elif name not in MARKERS:
            # Formatting codes (<pc>, <g>, <bx>...): the source never has them.
            raise UnitProblem(
                f"the inline code <{name} id={child.get('id', '')!r}> is not one of the source's"
            )
        parts.append(child.tail or "")
    return "".join(parts)


def _codes_of(source: etree._Element | None) -> dict[str, str]:
    """Code id -> reference text, as the source element of the file declares them."""
    if source is None:
        return {}
    found = {}
    for child in source.iter():
        if isinstance(child.tag, str) and etree.QName(child).localname in ("ph", "x"):
            text = child.get("equiv") or child.get("equiv-text") or child.get("disp") or ""
            if child.get("id") and references(text):
                found[child.get("id")] = text
    return found


def _read_xliff2(data: bytes) -> TranslationDocument:
    store = xliff2.Xliff2File.parsestring(data)
    root = store.document.getroot()
    language = root.get("trgLang") or ""
    file_node = root.find(f"{{{XLIFF2}}}file")
    original = file_node.get("original", "") if file_node is not None else ""
    units: dict[str, list] = {}
    for segment in store.units:
        element = segment.getunitelement()
        units.setdefault(element.get("id", ""), []).append(segment.xmlelement)
    read = []
    for unit_id, segments in units.items():
        sources, targets, translated, problem = [], [], True, ""
        for segment in segments:
            source = segment.find(f"{{{XLIFF2}}}source")
            target = segment.find(f"{{{XLIFF2}}}target")
            codes = _codes_of(source)
            try:
                sources.append(_inline_text(source, codes))
                targets.append(_inline_text(target, codes))
            except UnitProblem as error:
                problem = str(error)
            if target is None or segment.get("state") == "initial":
                translated = False
        text = "".join(targets)
        read.append(FileUnit(unit_id, "".join(sources), text, translated and bool(text), problem))
    return TranslationDocument("xliff2", language, _export_id(original), read)


def _read_xliff12(data: bytes) -> TranslationDocument:
    store = xliff.xlifffile.parsestring(data)
    root = store.document.getroot()
    namespace = etree.QName(root).namespace or XLIFF12
    files = root.findall(f"{{{namespace}}}file")
    languages = {node.get("target-language", "") for node in files}
    if len(languages) > 1:
        raise InvalidFile("This file holds several target languages; send one file per language.")
    original = files[0].get("original", "") if files else ""
    read = []
    for unit in store.units:
        node = unit.xmlelement
        if etree.QName(node).localname != "trans-unit":
            continue
        source = node.find(f"{{{namespace}}}source")
        target = node.find(f"{{{namespace}}}target")
        codes = _codes_of(source)
        problem, text, source_text = "", "", ""
        try:
            source_text = _inline_text(source, codes)
            text = _inline_text(target, codes)
        except UnitProblem as error:
            problem = str(error)
        translated = (
            target is not None and bool(text) and target.get("state") not in UNTRANSLATED_12
        )
        read.append(FileUnit(node.get("id", ""), source_text, text, translated, problem))
    return TranslationDocument(
        "xliff12", languages.pop() if languages else "", _export_id(original), read
    )


def _read_po(data: bytes) -> TranslationDocument:
    store = po.pofile.parsestring(data)
    header = store.parseheader()
    language = header.get("Language", "") or store.gettargetlanguage() or ""
    read = []
    for unit in store.units:
        if unit.isheader() or unit.isobsolete():
            continue
        text = str(unit.target or "")
        translated = bool(text) and not unit.isfuzzy()
        read.append(FileUnit(unit.getcontext() or "", str(unit.source or ""), text, translated))
    return TranslationDocument("po", language, _export_id(header.get(PO_EXPORT_HEADER, "")), read)


def _export_id(value: str) -> int | None:
    match = re.fullmatch(rf"(?:{EXPORT_MARK})?(\d{{1,12}})", (value or "").strip())
    return int(match.group(1)) if match else None


def detect(data: bytes) -> str:
    """The format of a file's bytes: xliff2, xliff12 or po (InvalidFile otherwise)."""
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:4096]
    if b"<!DOCTYPE" in data[:65536].upper() or b"<!ENTITY" in data.upper():
        raise InvalidFile("Files with a DOCTYPE or entities are not accepted.")
    if head.startswith(b"<"):
        if XLIFF2.encode() in head:
            return "xliff2"
        if b"urn:oasis:names:tc:xliff:document:1." in head:
            return "xliff12"
        raise InvalidFile("This XML file is not XLIFF 2.x or 1.2.")
    if b"msgid" in head or b"msgctxt" in head or head.startswith(b"#"):
        return "po"
    raise InvalidFile("This is not an XLIFF or PO file.")


def read(data: bytes) -> TranslationDocument:
    """A translation file's units; InvalidFile when it is not one we can read."""
    fmt = detect(data)
    reader = {"xliff2": _read_xliff2, "xliff12": _read_xliff12, "po": _read_po}[fmt]
    try:
        document = reader(data)
    except InvalidFile:
        raise
    except (etree.XMLSyntaxError, ValueError, UnicodeDecodeError, AssertionError) as error:
        raise InvalidFile(f"The {fmt} file could not be read: {error}") from error
    if not document.language:
        raise InvalidFile("The file does not say which language it is translated into.")
    return document
