"""A QTI 1.2 package (a zip) that Canvas imports as a quiz; Blackboard and D2L read the same format.

The zip holds ``imsmanifest.xml``, the assessment (one ``<item>`` per question) and Canvas's
``assessment_meta.xml``. MCQs are ``multiple_choice_question`` or
``multiple_answers_question`` (each wrong choice's ``why`` as its feedback), numbers are
``numerical_question`` (the right value, or a value within the item's tolerance), formulas
are ``short_answer_question`` with their accepted forms, interview questions are
``essay_question`` with the model answer as feedback. The variants of one template sit in a
section that picks one of them, which Canvas imports as a question group. QTI for Canvas has
no question with several numeric boxes: vectors, matrices and shapes are left out (named).
"""

from __future__ import annotations

import hashlib
import io
import xml.etree.ElementTree as ET
import zipfile
from itertools import groupby

from quizrnn.export import Export, Left
from quizrnn.export.moodle import formula_forms, number
from quizrnn.render import lms

QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
LEFT_OUT = ("vector", "matrix", "shape")


def ident(text: str) -> str:
    return "g" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def _meta(parent, fields: dict) -> None:
    meta = ET.SubElement(ET.SubElement(parent, "itemmetadata"), "qtimetadata")
    for label, entry in fields.items():
        field = ET.SubElement(meta, "qtimetadatafield")
        ET.SubElement(field, "fieldlabel").text = label
        ET.SubElement(field, "fieldentry").text = str(entry)


def _material(parent, html_text: str) -> None:
    ET.SubElement(ET.SubElement(parent, "material"), "mattext", {"texttype": "text/html"}).text = html_text


def _feedback(item, name: str, html_text: str) -> None:
    node = ET.SubElement(item, "itemfeedback", {"ident": name})
    _material(ET.SubElement(node, "flow_mat"), html_text)


def _condition(parent, proceed: str = "Yes"):
    cond = ET.SubElement(parent, "respcondition", {"continue": proceed})
    return cond, ET.SubElement(cond, "conditionvar")


def _score(cond, value: str = "100") -> None:
    ET.SubElement(cond, "setvar", {"action": "Set", "varname": "SCORE"}).text = value


def _show(cond, name: str) -> None:
    ET.SubElement(cond, "displayfeedback", {"feedbacktype": "Response", "linkrefid": name})


def _processing(item):
    proc = ET.SubElement(item, "resprocessing")
    ET.SubElement(ET.SubElement(proc, "outcomes"), "decvar",
                  {"maxvalue": "100", "minvalue": "0", "varname": "SCORE", "vartype": "Decimal"})
    cond, var = _condition(proc)
    ET.SubElement(var, "other")
    _show(cond, "general_fb")
    return proc


def _item(section, export: Export, q, kind: str):
    item = ET.SubElement(section, "item", {"ident": ident(export.uid(q)), "title": export.label(q)})
    _meta(item, {"question_type": kind, "points_possible": number(q.points),
                 "assessment_question_identifierref": ident("ref:" + export.uid(q))})
    return item


def choices(section, export: Export, q) -> None:
    right = set(q.answers)
    many = q.item.multi and len(right) > 1
    item = _item(section, export, q, "multiple_answers_question" if many else "multiple_choice_question")
    pres = ET.SubElement(item, "presentation")
    _material(pres, lms.question(q))
    lid = ET.SubElement(pres, "response_lid", {"ident": "response1", "rcardinality": "Multiple" if many else "Single"})
    render = ET.SubElement(lid, "render_choice")
    base = ident(export.uid(q))
    for k, c in enumerate(q.choices):
        label = ET.SubElement(render, "response_label", {"ident": f"{base}_{k}"})
        _material(label, lms.choice(c.text))
    proc = _processing(item)
    for k in range(len(q.choices)):
        if k not in right and lms.why_not(q, k):
            cond, var = _condition(proc)
            ET.SubElement(var, "varequal", {"respident": "response1"}).text = f"{base}_{k}"
            _show(cond, f"{base}_{k}_fb")
    cond, var = _condition(proc, "No")
    holder = ET.SubElement(var, "and") if many else var
    for k in range(len(q.choices)):
        if k in right:
            ET.SubElement(holder, "varequal", {"respident": "response1"}).text = f"{base}_{k}"
        elif many:
            ET.SubElement(ET.SubElement(holder, "not"), "varequal", {"respident": "response1"}).text = f"{base}_{k}"
    _score(cond)
    _feedback(item, "general_fb", lms.explanation(q))
    for k in range(len(q.choices)):
        if k not in right and lms.why_not(q, k):
            _feedback(item, f"{base}_{k}_fb", lms.why_not(q, k))


def numerical(section, export: Export, q) -> None:
    from quizrnn.export.moodle import tolerance

    item = _item(section, export, q, "numerical_question")
    pres = ET.SubElement(item, "presentation")
    _material(pres, lms.question(q))
    fib = ET.SubElement(ET.SubElement(pres, "response_str", {"ident": "response1", "rcardinality": "Single"}),
                        "render_fib", {"fibtype": "Decimal"})
    ET.SubElement(fib, "response_label", {"ident": "answer1"})
    proc = _processing(item)
    x = float(q.variant.expected)
    tol = float(tolerance(q, x))
    cond, var = _condition(proc, "No")
    either = ET.SubElement(var, "or")
    ET.SubElement(either, "varequal", {"respident": "response1"}).text = number(x)
    both = ET.SubElement(either, "and")
    ET.SubElement(both, "vargte", {"respident": "response1"}).text = number(x - tol)
    ET.SubElement(both, "varlte", {"respident": "response1"}).text = number(x + tol)
    _score(cond)
    _feedback(item, "general_fb", lms.explanation(q))


def _typed(section, export: Export, q, kind: str):
    """An item answered by typing: its text and one text box; returns (item, resprocessing)."""
    item = _item(section, export, q, kind)
    pres = ET.SubElement(item, "presentation")
    _material(pres, lms.question(q))
    fib = ET.SubElement(ET.SubElement(pres, "response_str", {"ident": "response1", "rcardinality": "Single"}),
                        "render_fib")
    ET.SubElement(fib, "response_label", {"ident": "answer1", "rshuffle": "No"})
    return item, _processing(item)


def short_answer(section, export: Export, q) -> None:
    item, proc = _typed(section, export, q, "short_answer_question")
    cond, var = _condition(proc, "No")
    for form in formula_forms(q):
        ET.SubElement(var, "varequal", {"respident": "response1"}).text = form
    _score(cond)
    _feedback(item, "general_fb", lms.explanation(q))


def essay(section, export: Export, q) -> None:
    item, proc = _typed(section, export, q, "essay_question")
    cond, var = _condition(proc, "No")
    ET.SubElement(var, "other")
    _feedback(item, "general_fb", lms.model_answer(q))


def choice_word(section, export: Export, q) -> None:
    from dataclasses import replace

    from quizrnn.bank import Choice

    words = q.item.answer.choices
    item = replace(q.item, choices=tuple(Choice(w) for w in words), answers=(words.index(q.variant.expected),),
                   multi=False)
    mcq = replace(q, item=item, order=tuple(range(len(words))))
    choices(section, export, mcq)


def _assessment(export: Export, assessment_id: str) -> tuple[bytes, list[Left]]:
    root = ET.Element("questestinterop", {"xmlns": QTI_NS})
    test = ET.SubElement(root, "assessment", {"ident": assessment_id, "title": export.title})
    meta = ET.SubElement(test, "qtimetadata")
    field = ET.SubElement(meta, "qtimetadatafield")
    ET.SubElement(field, "fieldlabel").text = "cc_maxattempts"
    ET.SubElement(field, "fieldentry").text = "1"
    root_section = ET.SubElement(test, "section", {"ident": "root_section"})
    left: list[Left] = []
    for item_id, group in groupby(export.questions, key=lambda q: q.item.id):
        group = list(group)
        first = group[0]
        kind = first.item.answer.kind if first.kind == "numeric" else first.kind
        if kind in LEFT_OUT:
            left.append(Left(item_id, f"QTI for Canvas has no question with several boxes for a {kind} answer; "
                                      "the moodle format exports it as a cloze question", first.item.where))
            continue
        section = root_section
        if len(group) > 1:  # a template's variants: Canvas draws one of them
            section = ET.SubElement(root_section, "section", {"ident": ident("group:" + item_id), "title": item_id})
            selection = ET.SubElement(ET.SubElement(section, "selection_ordering"), "selection")
            ET.SubElement(selection, "selection_number").text = "1"
            ET.SubElement(ET.SubElement(selection, "selection_extension"), "points_per_item").text = number(
                first.points)
        for q in group:
            if kind == "mcq":
                choices(section, export, q)
            elif kind == "interview":
                essay(section, export, q)
            elif kind in ("integer", "real"):
                numerical(section, export, q)
            elif kind == "formula":
                short_answer(section, export, q)
            else:
                choice_word(section, export, q)
    ET.indent(root, space="  ")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8", xml_declaration=False), left


def _manifest(manifest_id: str, assessment_id: str, meta_id: str) -> bytes:
    root = ET.Element("manifest", {"identifier": manifest_id, "xmlns": "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"})
    metadata = ET.SubElement(root, "metadata")
    ET.SubElement(metadata, "schema").text = "IMS Content"
    ET.SubElement(metadata, "schemaversion").text = "1.1.3"
    ET.SubElement(root, "organizations")
    resources = ET.SubElement(root, "resources")
    res = ET.SubElement(resources, "resource", {"identifier": assessment_id, "type": "imsqti_xmlv1p2"})
    ET.SubElement(res, "file", {"href": f"{assessment_id}/{assessment_id}.xml"})
    ET.SubElement(res, "dependency", {"identifierref": meta_id})
    meta = ET.SubElement(resources, "resource", {"identifier": meta_id, "href": f"{assessment_id}/assessment_meta.xml",
                                                 "type": "associatedcontent/imscc_xmlv1p1/learning-application-resource"})
    ET.SubElement(meta, "file", {"href": f"{assessment_id}/assessment_meta.xml"})
    ET.indent(root, space="  ")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8", xml_declaration=False)


def _canvas_meta(export: Export, assessment_id: str, points: float) -> bytes:
    root = ET.Element("quiz", {"identifier": assessment_id, "xmlns": "http://canvas.instructure.com/xsd/cccv1p0"})
    for tag, value in (("title", export.title), ("description", ""), ("shuffle_answers", "true"),
                       ("scoring_policy", "keep_highest"), ("quiz_type", "assignment"),
                       ("points_possible", number(points)), ("show_correct_answers", "true"),
                       ("allowed_attempts", "1"), ("available", "false")):
        ET.SubElement(root, tag).text = value
    ET.indent(root, space="  ")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8", xml_declaration=False)


def write(export: Export) -> tuple[bytes, list[Left]]:
    key = f"{export.title}:{export.seed}:{export.variants}"
    assessment_id = ident("assessment:" + key)
    body, left = _assessment(export, assessment_id)
    gone = {x.item_id for x in left}
    points = sum(q.points for item_id, group in groupby(export.questions, key=lambda q: q.item.id)
                 if item_id not in gone for q in list(group)[:1])
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in (("imsmanifest.xml", _manifest(ident("manifest:" + key), assessment_id,
                                                         ident("meta:" + key))),
                           (f"{assessment_id}/{assessment_id}.xml", body),
                           (f"{assessment_id}/assessment_meta.xml", _canvas_meta(export, assessment_id, points))):
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))  # the same bytes for the same export
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return stream.getvalue(), left
