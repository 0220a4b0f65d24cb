"""The course model: what is in `course/` (course.yml, banks, activities, assessments, references, resources,
glossary), read and validated. Every loader reports each problem as `file:line: message`, never a traceback.

Serves: every other part of the package (it is the bottom layer) and authors, through `widgets check`.
May import: the standard library, PyYAML and pydantic, and `widgets._errors` / `widgets._paths` /
`widgets._files`. Never ipywidgets, matplotlib or any other `widgets` subpackage.
"""
