"""For instructors of counselor-education programs: the graded track on nbgrader (`widgets release`,
`widgets grade`, `widgets export`): source assignments from the banks, the answer checks, marking typed answers
in the grader (answers.py), the sandbox that student code runs in (sandbox.py), nbgrader's preprocessors for
both (preprocessors.py), leak searches, and the banks as GIFT and jupyterquiz files.

May import: `widgets.content` and the base modules. Never the learner widgets, the kit, authoring or app.
"""
