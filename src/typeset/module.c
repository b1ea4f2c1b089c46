/* module.c: the typesetting module's entry, the one symbol it exports
 * (src/typeset/exports.map). */
#include "typeset.h"
#include "../write/pdf/pdf.h"

extern const char dossier_build_id[];

__attribute__((visibility("default")))
const typeset_api dossier_typeset = {
	.build_id = dossier_build_id,
	.pdf = pdf_render,
	.pdflayout = pdf_render_layout,
	.paginate = pdf_paginate,
	.coverage = typeset_coverage,
	.subset = typeset_subset,
	.cover = typeset_cover,
};
