"""For instructors of counselor-education programs: the graded track on nbgrader (`widgets release`,
`widgets grade`, `widgets export`): source assignments from the banks, autograde checks, the grading kernel's
guard, leak searches, and the banks as GIFT and jupyterquiz files.

May import: `widgets.content` and the base modules. Never the learner widgets, the kit, authoring or app.
"""
