"""The links of the accessible PDF, finished after WeasyPrint has tagged them.

WeasyPrint (70) gives a link an annotation for the ``<a>`` and another for every inline element
inside it (the ``<span>`` MyST wraps link text in, a ``<code>``), and tags those others under the
inner element rather than under the ``/Link`` element: a screen reader then meets one link as
several, some outside any link, and PDF/UA (7.18.5) wants every link annotation in a ``/Link``.
Their areas lie inside the ``<a>``'s own, so they are dropped (``drop_nested_link_annotations``).

WeasyPrint describes each annotation (``/Contents``, what a screen reader announces for it) by
its target: an address, or an anchor such as ``id3``. ``describe_links`` describes it by the
link's own words instead, with the address of an external link after them.

Both run as WeasyPrint's ``finisher``, on the PDF objects before the file is written; they rely
on WeasyPrint's ``Page.links`` (each link's box) and ``box.link_annotation`` (its annotation),
and on the shape of the structure tree ``weasyprint.pdf.tags`` writes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pydyf

from nhs_assurance._compat import weasyprint_links

if TYPE_CHECKING:
    from weasyprint.document import Document


def finish_links(document: Document, pdf: pydyf.PDF) -> None:
    """WeasyPrint's finisher: describe every link, then drop the redundant annotations."""
    describe_links(document)
    drop_nested_link_annotations(pdf)


def describe_links(document: Document) -> None:
    """Set each link annotation's ``/Contents`` to the link's words (and address, if external)."""
    for link_type, target, element, annotation in weasyprint_links(document):
        words = " ".join("".join(element.itertext()).split()) if element is not None else ""
        if link_type == "external":
            description = f"{words} ({target})" if words and words != target else target
        else:
            description = words or target
        annotation["Contents"] = pydyf.String(description)


def drop_nested_link_annotations(pdf: pydyf.PDF) -> None:
    """Drop every link annotation tagged under an element inside a ``/Link`` element.

    The annotation goes from its page's ``/Annots``, its object reference from the element's
    kids, and its entry from the structure tree's parent tree.
    """
    objects = pdf.objects
    parent_tree = resolve(objects, resolve(objects, pdf.catalog["StructTreeRoot"])["ParentTree"])
    dropped_parents = set()
    for element in list(objects):
        if not is_struct_element(element) or element["S"] == "/Link":
            continue
        if not inside_link(objects, element):
            continue
        for kid in list(element["K"]):
            reference = resolve(objects, kid) if isinstance(kid, bytes) else None
            if not (isinstance(reference, pydyf.Dictionary) and reference.get("Type") == "/OBJR"):
                continue
            annotation = resolve(objects, reference["Obj"])
            if annotation.get("Subtype") != "/Link":
                continue
            element["K"].remove(kid)
            page = resolve(objects, reference["Pg"])
            page["Annots"].remove(annotation.reference)
            dropped_parents.add(annotation["StructParent"])
    nums = parent_tree["Nums"]
    kept = [
        item
        for key, value in zip(nums[::2], nums[1::2], strict=True)
        if key not in dropped_parents
        for item in (key, value)
    ]
    nums[:] = kept


def resolve(objects: list[Any], reference: bytes) -> Any:
    """The object an indirect *reference* (``b"12 0 R"``) names."""
    return objects[int(reference.split()[0])]


def is_struct_element(value: object) -> bool:
    """Whether *value* is a structure element WeasyPrint wrote."""
    return isinstance(value, pydyf.Dictionary) and value.get("Type") == "/StructElem"


def inside_link(objects: list[Any], element: pydyf.Dictionary) -> bool:
    """Whether a ``/Link`` element holds *element*."""
    parent = element.get("P")
    while isinstance(parent, bytes):
        parent_element = resolve(objects, parent)
        if not is_struct_element(parent_element):
            return False
        if parent_element["S"] == "/Link":
            return True
        parent = parent_element.get("P")
    return False
