# dossier-input: a calibre plugin that reads a dossier corpus (a zip of
# scraped article files, *.txt, with dossier.yaml if any) through dossier's
# own parse, so that
#
#   calibre-customize -a PREFIX/share/dossier/calibre/dossier-input.zip
#   ebook-convert corpus.zip dossier.azw3
#
# and calibre's "Add books" give the book dossier makes, with its threads,
# instead of one text file picked out of the zip.
#
# Why a file-type plugin and not an input-format plugin: calibre unpacks a
# zip given to ebook-convert before it chooses an input plugin (it converts
# one e-book found inside), so an input plugin for "zip" is never asked.
# The two hooks calibre does call are file-type plugins: on import, with
# the zip itself ("Add books"), and before a conversion, with the text
# file it picked from the unpacked zip. Either way this plugin runs
# `dossier build -o book.epub` on the corpus and hands calibre the EPUB,
# which its EPUB input reads as any other. A text file that did not come
# out of a zip, and a zip that holds anything but article files, are left
# alone.
#
# dossier is $DOSSIER when set, else the path given as this plugin's
# customization (calibre's Preferences > Plugins, or calibre-customize),
# else the first on PATH.

import os
import shutil
import subprocess
import zipfile

from calibre.customize import FileTypePlugin

# Where calibre's conversion pipeline unpacks an archive given as input
# (calibre.ebooks.conversion.plumber: PersistentTemporaryDirectory('_pl_arc')).
ARCHIVE_DIR_SUFFIX = '_pl_arc'
MAX_MEMBERS = 10000
MAX_BYTES = 1 << 30	# unpacked: a zip bomb is no corpus


def _is_article(name):
    return name.lower().endswith('.txt')


def _corpus_members(names):
    '''The members that make a dossier corpus, or None when names hold
    anything else (then the zip is some other book).'''
    articles = []
    for n in names:
        parts = n.split('/')
        base = parts[-1]
        if not base or '__MACOSX' in parts or base.startswith('.'):
            continue
        if base.lower() == 'dossier.yaml':
            continue
        if not _is_article(base):
            return None
        articles.append(n)
    return articles or None


def _folders(root):
    '''The folders under root holding article files, in name order.'''
    found = []
    for d, dirs, files in os.walk(root):
        dirs[:] = sorted(x for x in dirs if x != '__MACOSX' and not x.startswith('.'))
        if any(_is_article(f) and not f.startswith('.') for f in files):
            found.append(d)
    return sorted(found)


class DossierCorpus(FileTypePlugin):
    name = 'Dossier corpus input'
    description = ('Read a zip of scraped news articles with their reader '
                   'comments (a dossier corpus) through dossier: one book '
                   'with the threads of every discussion.')
    supported_platforms = ['linux', 'osx']
    author = 'dossier'
    version = (0, 1, 0)
    minimum_calibre_version = (5, 0, 0)
    file_types = {'zip', 'txt'}
    on_import = True
    on_preprocess = True

    def is_customizable(self):
        return True

    def customization_help(self, gui=False):
        return 'The path of the dossier program (empty: the first on PATH).'

    def _dossier(self):
        for cand in (os.environ.get('DOSSIER'),
                     (getattr(self, 'site_customization', None) or '').strip()):
            if cand:
                return cand
        found = shutil.which('dossier')
        if not found:
            raise RuntimeError('dossier-input: cannot find the dossier '
                               'program (set DOSSIER, the plugin\'s '
                               'customization, or put it on PATH)')
        return found

    def _build(self, folders):
        out = self.temporary_file('_dossier.epub')
        out.close()
        # The EPUB is written to a new name and renamed over this one.
        os.remove(out.name)
        cmd = [self._dossier(), 'build', '-q', '-o', out.name] + folders
        r = subprocess.run(cmd, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if r.returncode != 0 or not os.path.exists(out.name):
            raise RuntimeError('dossier-input: %s failed (exit %d): %s' % (
                ' '.join(cmd), r.returncode,
                r.stderr.decode('utf-8', 'replace').strip()))
        return out.name

    def _from_zip(self, path):
        try:
            with zipfile.ZipFile(path) as zf:
                infos = zf.infolist()
                if (len(infos) > MAX_MEMBERS or
                        sum(i.file_size for i in infos) > MAX_BYTES):
                    return path
                if not _corpus_members([i.filename for i in infos]):
                    return path
                tdir = self.temporary_file('_dossier')
                tdir.close()
                os.remove(tdir.name)
                os.mkdir(tdir.name)
                # extract() keeps members inside the folder ("../" and
                # absolute names are cut), as calibre's own unpacking does.
                zf.extractall(tdir.name)
        except (zipfile.BadZipFile, OSError):
            return path
        folders = _folders(tdir.name)
        epub = self._build(folders)
        shutil.rmtree(tdir.name, ignore_errors=True)
        return epub

    def _from_unpacked(self, path):
        # Only a text file calibre took out of a zip given as input: the
        # zip's other files are the rest of the corpus.
        root = os.path.dirname(os.path.abspath(path))
        while root and not os.path.basename(root).endswith(ARCHIVE_DIR_SUFFIX):
            parent = os.path.dirname(root)
            if parent == root:
                return path
            root = parent
        names = []
        for d, dirs, files in os.walk(root):
            for f in files:
                names.append(os.path.relpath(os.path.join(d, f), root))
                if len(names) > MAX_MEMBERS:
                    return path
        if not _corpus_members(names):
            return path
        return self._build(_folders(root))

    def run(self, path_to_ebook):
        if path_to_ebook.lower().endswith('.zip'):
            return self._from_zip(path_to_ebook)
        if path_to_ebook.lower().endswith('.txt'):
            return self._from_unpacked(path_to_ebook)
        return path_to_ebook
