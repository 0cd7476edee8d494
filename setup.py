"""Province & Comuni: a Plone 6 document collaboration server for the Italian Provinces."""

from pathlib import Path
from setuptools import find_packages
from setuptools import setup


HERE = Path(__file__).parent

# The GenericSetup profiles live in the top-level ``profiles/`` folder (the layout the
# project was ordered with); they ship as the subpackage ``provincecomuni.profiles`` so
# that both a regular and an editable install find them next to the code.
PACKAGES = [*find_packages("src"), "provincecomuni.profiles"]

# Non-Python files shipped with the code, in any folder of the two packages.
DATA_PATTERNS = [
    f"**/*.{extension}"
    for extension in (
        "zcml",
        "xml",
        "pt",
        "csv",
        "json",
        "po",
        "pot",
        "mo",
        "css",
        "js",
        "svg",
        "md",
        "xsd",
        "docx",
    )
]
# The Apache-2.0 licence of the OCDS schemas ships with them (a file without extension).
DATA_PATTERNS.append("data/ocds/LICENSE")

setup(
    name="provincecomuni",
    version="1.0.0.dev0",
    description=(
        "Province & Comuni: document collaboration server for the Italian Provinces "
        "and their Comuni, built on Plone 6 around a records archive"
    ),
    long_description=(HERE / "README.md").read_text(encoding="utf-8"),
    long_description_content_type="text/markdown",
    classifiers=[
        "Environment :: Web Environment",
        "Framework :: Plone",
        "Framework :: Plone :: 6.2",
        "Framework :: Plone :: Addon",
        "Programming Language :: Python :: 3.11",
        "Natural Language :: Italian",
        "Natural Language :: English",
    ],
    license="GPL-2.0-only",
    python_requires="==3.11.*",
    package_dir={"": "src", "provincecomuni.profiles": "profiles"},
    packages=PACKAGES,
    package_data={
        "provincecomuni": DATA_PATTERNS,
        "provincecomuni.profiles": DATA_PATTERNS,
    },
    include_package_data=False,
    zip_safe=False,
    install_requires=[
        "setuptools",
        "Products.CMFPlone>=6.2,<6.3",
        "plone.classicui",
        "plone.app.dexterity",
        "plone.app.contenttypes",
        "plone.restapi",
        "plone.api",
        "collective.exportimport",
        "python-stdnum",
        "lxml",
        "Zope",
        # PDF certificates of the training courses (pure Python).
        "fpdf2",
        # iCal feeds: funding deadlines, training sessions.
        "icalendar",
        # The lots grid of the SUA tender dossiers.
        "collective.z3cform.datagridfield",
        # Working copies (check-out / check-in) of records.
        "plone.app.iterate",
        # OCDS: the schemas of data/ocds/ and their validator (tests, checks of exports).
        "jsonschema",
        # Generated documents of the SUA tender dossiers (DOCX templates).
        "docxtpl",
        "python-docx",
        "Jinja2",
    ],
    extras_require={
        "test": [
            "pytest",
            "pytest-plone",
            "plone.app.testing",
            "plone.testing",
            "requests",
            "selenium",
            "coverage",
            "ZEO",
        ],
        "dev": [
            "ruff",
            "zpretty",
            "i18ndude",
        ],
    },
    entry_points={
        # Plone loads our ZCML at startup, like any Plone add-on.
        "z3c.autoinclude.plugin": ["target = plone"],
    },
)
