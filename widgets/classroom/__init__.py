"""For a class on a JupyterHub: the local hub behind `widgets classroom` (`make classroom`) and the settings
classroom/jupyterhub_config.py loads.

May import: the base modules only (the hub runs the course, it does not read it).
"""
