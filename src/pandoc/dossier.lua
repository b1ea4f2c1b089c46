-- dossier.lua: a pandoc custom reader that reads scraped article files
-- (dossier's input) through dossier itself, for any output pandoc writes:
--
--   pandoc -f PREFIX/share/dossier/pandoc/dossier.lua corpus/*.txt -o dossier.docx
--
-- It runs `dossier build --to pandoc -o -` on the input files and reads
-- its JSON (pandoc's AST: see README, "pandoc and calibre"). The files are
-- given to dossier by name, so it reads the dossier.yaml of their folder
-- and dates the book by them; an input that is not a local file (standard
-- input, a URL) is handed over as data. pandoc's -M wins over the book's
-- metadata (-M title="..."). dossier is $DOSSIER when set, else the first
-- on PATH, else the one installed beside this file (PREFIX/bin/dossier).
-- Its warnings go to standard error.
--
-- pandoc 2.17 lowercases what -f names, a path too: a reader installed
-- where the path has capitals is named from its folder (-f ./dossier.lua)
-- or through a lowercase link.

local function readable(path)
  local f = path ~= '' and io.open(path, 'rb')
  if not f then
    return false
  end
  -- A folder opens too, but cannot be read (an empty file is no article
  -- either way).
  local ok = f:read(0) ~= nil
  f:close()
  return ok
end

local function find_dossier()
  local env = os.getenv('DOSSIER')
  if env and env ~= '' then
    return env
  end
  for dir in (os.getenv('PATH') or ''):gmatch('[^:]+') do
    if readable(dir .. '/dossier') then
      return dir .. '/dossier'
    end
  end
  -- PREFIX/share/dossier/pandoc/dossier.lua -> PREFIX/bin/dossier
  local script = PANDOC_SCRIPT_FILE or ''
  if script ~= '' and script:sub(1, 1) ~= '/' then
    script = pandoc.system.get_working_directory() .. '/' .. script:gsub('^%./', '')
  end
  local prefix = script:match('^(.*)/share/dossier/pandoc/[^/]*$')
  if prefix and readable(prefix .. '/bin/dossier') then
    return prefix .. '/bin/dossier'
  end
  error('dossier.lua: cannot find the dossier program (set DOSSIER, or put it on PATH)')
end

local function run(dossier, paths, stdin_text)
  local args = { 'build', '--to', 'pandoc', '-o', '-' }
  for _, p in ipairs(paths) do
    table.insert(args, p)
  end
  return pandoc.pipe(dossier, args, stdin_text or '')
end

function Reader(input, opts)
  local dossier = find_dossier()
  local paths, data = {}, {}
  -- pandoc 2.17 gives a list of sources, each with its name and text;
  -- older custom readers got one string.
  if type(input) == 'string' then
    data = { { name = '', text = input } }
  else
    for _, src in ipairs(input) do
      if readable(src.name) then
        table.insert(paths, src.name)
      else
        table.insert(data, { name = src.name, text = src.text })
      end
    end
  end
  local json
  if #data == 0 then
    json = run(dossier, paths)
  elseif #data == 1 and #paths == 0 then
    table.insert(paths, '-')	-- one article on standard input
    json = run(dossier, paths, data[1].text)
  else
    -- Several inputs that are not files: each becomes one.
    json = pandoc.system.with_temporary_directory('dossier', function(dir)
      for i, d in ipairs(data) do
        local base = (d.name:match('([^/]+)$') or 'input'):gsub('[^%w._-]', '_')
        local path = string.format('%s/%03d-%s', dir, i, base)
        local f = assert(io.open(path, 'wb'))
        f:write(d.text)
        f:close()
        table.insert(paths, path)
      end
      return run(dossier, paths)
    end)
  end
  return pandoc.read(json, 'json')
end
