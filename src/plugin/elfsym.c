/* elfsym.c: does a shared object export a symbol? Read from the file's
 * dynamic symbol table, without loading it: dlopen runs a library's
 * constructors before anyone can look at what it exports, so a library
 * that is not a plugin would run code before it is refused. */
#include "plugin.h"

#include <elf.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* Is [off, off + n) inside a file of len bytes? */
static int inside(size_t len, uint64_t off, uint64_t n)
{
	return off <= len && n <= len - off;
}

/* 1: the dynamic symbol table of the ELF image names name and defines
 * it; 0: it does not, or the image is no ELF shared object we can read. */
static int image_exports(const unsigned char *p, size_t len, const char *name)
{
	if (len < sizeof(Elf64_Ehdr) || memcmp(p, ELFMAG, SELFMAG) != 0 ||
	    p[EI_CLASS] != ELFCLASS64)
		return 0;	/* the targets we build for are 64-bit */
	const Elf64_Ehdr *eh = (const void *)p;
	if (eh->e_type != ET_DYN || eh->e_shentsize != sizeof(Elf64_Shdr) ||
	    !inside(len, eh->e_shoff, (uint64_t)eh->e_shnum *
	    sizeof(Elf64_Shdr)))
		return 0;
	const Elf64_Shdr *sh = (const void *)(p + eh->e_shoff);
	size_t nlen = strlen(name);
	for (unsigned i = 0; i < eh->e_shnum; i++) {
		if (sh[i].sh_type != SHT_DYNSYM || sh[i].sh_link >= eh->e_shnum ||
		    sh[i].sh_entsize != sizeof(Elf64_Sym) ||
		    !inside(len, sh[i].sh_offset, sh[i].sh_size))
			continue;
		const Elf64_Shdr *st = &sh[sh[i].sh_link];
		if (!inside(len, st->sh_offset, st->sh_size))
			continue;
		const char *str = (const char *)p + st->sh_offset;
		const Elf64_Sym *sym = (const void *)(p + sh[i].sh_offset);
		size_t n = sh[i].sh_size / sizeof *sym;
		for (size_t k = 0; k < n; k++) {
			if (sym[k].st_shndx == SHN_UNDEF ||
			    sym[k].st_name >= st->sh_size ||
			    st->sh_size - sym[k].st_name <= nlen)
				continue;
			if (memcmp(str + sym[k].st_name, name, nlen + 1) == 0)
				return 1;
		}
	}
	return 0;
}

int elf_exports(const char *path, const char *name)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	struct stat sb;
	int rc = 0;
	if (fd < 0)
		return 0;
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0) {
		void *p = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE,
		    fd, 0);
		if (p != MAP_FAILED) {
			rc = image_exports(p, (size_t)sb.st_size, name);
			munmap(p, (size_t)sb.st_size);
		}
	}
	close(fd);
	return rc;
}
