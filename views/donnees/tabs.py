"""The tabs of Données: only the open one is drawn (eight tabs of tables weighed the page down);
choosing another reruns the page. Their state is kept under DATA_TABS."""

DATA_TABS = "donnees_onglet"
OVERVIEW = "Jeux de données"
IMPORT = "Importer un fichier"
HISTORY = "Historique des versions"
DUPLICATES = "Doublons et corrections"
QUALITY = "Qualité et export national"
FRESHNESS = "Fraîcheur et relances"
NATIONAL = "Cartographie nationale"
TEMPLATES = "Modèles de fichiers"
TAB_LABELS = (OVERVIEW, IMPORT, HISTORY, DUPLICATES, QUALITY, FRESHNESS, NATIONAL, TEMPLATES)
