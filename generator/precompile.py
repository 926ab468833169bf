"""Compile the templates in a worker process while the building process starts up.

Compiling a dozen Jinja templates takes as long as reading a small story, and it
needs nothing from the story: so `explainer build` forks a process that compiles
them (importing Jinja itself) while the building process imports the rest of the
generator and reads the content. The compiled code comes back marshalled, and
goes into the environment's bytecode cache, under the same checksum of the
template's source that Jinja checks whenever it loads a template: a template
edited in the meantime is compiled again, as without this.

This module imports neither Jinja nor the rest of the generator: the point is to
start before they are imported.
"""

from __future__ import annotations

import hashlib
import marshal
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from generator.parallel import Child, can_fork

if TYPE_CHECKING:
    import jinja2

BUNDLED_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

Compiled = dict[str, tuple[str, str, bytes]]  # name -> (file name, source, marshalled code)


def find_templates(content_dir: Path, templates_dir: Path | None) -> Path:
    """The templates to use: as given, else the project's own, else the generator's."""
    if templates_dir is not None:
        return templates_dir
    beside = content_dir.parent / "templates"
    return beside if beside.is_dir() else BUNDLED_TEMPLATES


def start_compiling(templates: Path, cache_folder: Path | None = None) -> Child | None:
    """A worker process compiling every template under `templates`; None where
    processes cannot be forked, or where an earlier build with `cache_folder`
    compiled these templates (compiled_before): their code is in its cache."""
    if not can_fork() or (cache_folder is not None and compiled_before(cache_folder, templates)):
        return None
    return Child.start(compile_templates, templates)


COMPILED_STAMP = "templates-compiled"  # in the cache folder: the digest of those last compiled


def compiled_before(cache_folder: Path, templates: Path) -> bool:
    """Whether the last build with this cache folder had these templates, as they are
    now (note_compiled): a warm build finds them compiled in the cache, and a process
    compiling them would only take a core from the build until it is stopped.

    After the generator itself changed, the cache's compiled templates are gone
    though the stamp still matches: the build then compiles them itself, once."""
    try:
        noted = (cache_folder / COMPILED_STAMP).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return noted == templates_digest(templates)


def note_compiled(cache_folder: Path, digest: str) -> None:
    """Record in the cache folder that a build compiled the templates with this digest
    (templates_digest) into it; a folder that cannot be written is left as it is."""
    try:
        (cache_folder / COMPILED_STAMP).write_text(digest, encoding="utf-8")
    except OSError:
        pass


def templates_digest(folder: Path) -> str:
    """A digest of every file under a templates folder: other templates, other pieces."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def compile_templates(templates: Path) -> Compiled:
    """Every template's compiled code, as the build's own environment would compile it.

    A template that does not compile is left out: the build then compiles it
    itself and reports the error at its file and line.
    """
    import jinja2

    from generator.render import make_environment

    environment = make_environment(templates)
    compiled: Compiled = {}
    for name, source, filename in template_sources(environment):
        try:
            code = environment.compile(source, name, filename)
        except jinja2.TemplateError:
            continue
        compiled[name] = (filename, source, marshal.dumps(code))
    return compiled


def template_sources(environment: jinja2.Environment) -> Iterator[tuple[str, str, str]]:
    """(name, source, file name) of each page template and partial its loader finds;
    one that cannot be read is left to the build, which reports it."""
    loader = environment.loader
    if loader is None:
        return
    for name in environment.list_templates(extensions=["html"]):
        try:
            source, filename, _uptodate = loader.get_source(environment, name)
        except (OSError, UnicodeDecodeError, LookupError):
            continue
        yield name, source, filename or name


def install(environment: jinja2.Environment, compiling: Child | None) -> None:
    """Put what a compiling process made into the environment's bytecode cache.

    Should that process have failed, nothing is put in: the templates are then
    compiled as they are loaded, as they would be without it.
    """
    if compiling is None:
        return
    if all_kept(environment):  # an earlier build's: nothing to wait for
        compiling.stop()
        return
    try:
        compiled: Compiled = compiling.result()
    except Exception:
        return
    from generator.cache import MemoryBytecodeCache

    if environment.bytecode_cache is None:
        environment.bytecode_cache = MemoryBytecodeCache()
    cache = environment.bytecode_cache
    for name, (filename, source, code) in compiled.items():
        bucket = cache.get_bucket(environment, name, filename, source)
        if bucket.code is None:  # not kept from an earlier build
            bucket.code = marshal.loads(code)
            cache.set_bucket(bucket)


def all_kept(environment: jinja2.Environment) -> bool:
    """True when the bytecode cache holds every template as it is now (a warm build)."""
    cache = environment.bytecode_cache
    return cache is not None and all(
        cache.get_bucket(environment, name, filename, source).code is not None
        for name, source, filename in template_sources(environment)
    )
