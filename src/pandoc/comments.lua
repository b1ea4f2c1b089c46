-- comments.lua: an example pandoc Lua filter over dossier's AST (see
-- dossier.lua): trims the discussions under the articles.
--
--   pandoc -f .../dossier.lua -L src/pandoc/comments.lua \
--     -M comment-min-words=20 -M comment-max-depth=1 corpus/*.txt -o out.docx
--
-- A comment is a Div of class "comment" (attributes author, date, depth)
-- holding a Div of class "meta" (who and when), its text, and its replies.
-- comment-min-words: a comment whose own text has fewer words goes, and
--   its replies take its place, so the conversation under it stays.
-- comment-max-depth: replies deeper than this go with their replies
--   (0 keeps the top-level comments only).
-- A discussion left without comments goes too.

local min_words, max_depth

local function number(meta, key)
  local v = meta[key]
  if v == nil then
    return nil
  end
  return tonumber(pandoc.utils.stringify(v))
end

local function has_class(el, cls)
  for _, c in ipairs(el.classes) do
    if c == cls then
      return true
    end
  end
  return false
end

local function is_comment(b)
  return b.t == 'Div' and has_class(b, 'comment')
end

-- The words of a comment's own text: not its meta line, not its replies.
local function own_words(div)
  local n = 0
  for _, b in ipairs(div.content) do
    if not is_comment(b) and not (b.t == 'Div' and has_class(b, 'meta')) then
      for _ in pandoc.utils.stringify(b):gmatch('%S+') do
        n = n + 1
      end
    end
  end
  return n
end

local function comment(div)
  if not has_class(div, 'comment') then
    return nil
  end
  local depth = tonumber(div.attributes.depth) or 0
  if max_depth and depth > max_depth then
    return {}
  end
  if min_words and own_words(div) < min_words then
    local replies = {}
    for _, b in ipairs(div.content) do
      if is_comment(b) then
        table.insert(replies, b)
      end
    end
    return replies
  end
  return nil
end

local function discussion(div)
  if not has_class(div, 'discussion') then
    return nil
  end
  for _, b in ipairs(div.content) do
    if is_comment(b) then
      return nil
    end
  end
  return {}
end

return {
  { Meta = function(meta)
      min_words = number(meta, 'comment-min-words')
      max_depth = number(meta, 'comment-max-depth')
    end },
  -- Bottom-up: replies are trimmed before the comments around them.
  { Div = comment },
  { Div = discussion },
}
