"""The access walk (``test_access_walk.py``), split by area: the walker and its world
(``walker``), and per area the access classes, the requests and the expected statuses
(``concepts``: core, concepts, the portal's concept pages, the edition documents;
``council``: council pages, the portal's paper pages, paper and file documents;
``reception``)."""
