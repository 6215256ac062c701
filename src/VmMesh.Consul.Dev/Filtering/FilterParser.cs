// A recursive-descent parser for the subset of hashicorp/go-bexpr that Consul clients use:
//   expr  := or ; or := and ("or" and)* ; and := unary ("and" unary)*
//   unary := "not" unary | "(" expr ")" | match
//   match := selector ("=="|"!=") value | value ["not"] "in" selector | selector ["not"] "contains" value
//          | selector "is" ["not"] "empty" | selector ["not"] "matches" value
//   selector := ident ("." ident | "[" string "]")* ; value := "…" | `…` | number | identifier
using System.Globalization;
using System.Text.RegularExpressions;

namespace VmMesh.Consul.Dev.Filtering;

internal sealed class FilterParser
{
    private readonly string _text;
    private int _pos;

    private FilterParser(string text)
    {
        _text = text;
    }

    public static FilterNode Parse(string text)
    {
        var parser = new FilterParser(text);
        var node = parser.ParseOr();
        parser.SkipSpace();
        if (parser._pos < text.Length)
        {
            throw parser.Error("no match found, expected: \"and\", \"or\" or end of input");
        }

        return node;
    }

    private FilterNode ParseOr()
    {
        var left = ParseAnd();
        while (TryKeyword("or"))
        {
            left = new OrNode(left, ParseAnd());
        }

        return left;
    }

    private FilterNode ParseAnd()
    {
        var left = ParseUnary();
        while (TryKeyword("and"))
        {
            left = new AndNode(left, ParseUnary());
        }

        return left;
    }

    private FilterNode ParseUnary()
    {
        SkipSpace();
        if (TryKeyword("not"))
        {
            return new NotNode(ParseUnary());
        }

        if (Peek() == '(')
        {
            _pos++;
            var inner = ParseOr();
            SkipSpace();
            if (Peek() != ')')
            {
                throw Error("no match found, expected: \")\", \"and\" or \"or\"");
            }

            _pos++;
            return inner;
        }

        return ParseMatch();
    }

    private MatchNode ParseMatch()
    {
        SkipSpace();
        if (Peek() is '"' or '`' || char.IsAsciiDigit(Peek()))
        {
            // value [not] in selector
            var value = ParseValue();
            var negate = TryKeyword("not");
            if (!TryKeyword("in"))
            {
                throw Error("no match found, expected: \"in\" or \"not in\"");
            }

            return new MatchNode(ParseSelector(), negate ? MatchOperator.NotIn : MatchOperator.In, value, null);
        }

        var start = _pos;
        var first = ParseSelector();
        SkipSpace();
        if (TryKeyword("in"))
        {
            // unquoted identifier value: "v1 in Service.Tags"
            return new MatchNode(ParseSelector(), MatchOperator.In, string.Join('.', first), null);
        }

        if (TrySymbol("=="))
        {
            return new MatchNode(first, MatchOperator.Equal, ParseValue(), null);
        }

        if (TrySymbol("!="))
        {
            return new MatchNode(first, MatchOperator.NotEqual, ParseValue(), null);
        }

        if (TryKeyword("is"))
        {
            var negate = TryKeyword("not");
            if (!TryKeyword("empty"))
            {
                throw Error("no match found, expected: \"empty\" or \"not\"");
            }

            return new MatchNode(first, negate ? MatchOperator.IsNotEmpty : MatchOperator.IsEmpty, null, null);
        }

        var not = TryKeyword("not");
        if (TryKeyword("contains"))
        {
            return new MatchNode(first, not ? MatchOperator.NotIn : MatchOperator.In, ParseValue(), null);
        }

        if (TryKeyword("matches"))
        {
            var pattern = ParseValue();
            Regex regex;
            try
            {
                regex = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException ex)
            {
                throw Error("invalid regular expression: " + ex.Message);
            }

            return new MatchNode(first, not ? MatchOperator.NotMatches : MatchOperator.Matches, pattern, regex);
        }

        if (not && TryKeyword("in"))
        {
            return new MatchNode(ParseSelector(), MatchOperator.NotIn, string.Join('.', first), null);
        }

        _pos = Math.Max(_pos, start);
        throw Error("no match found, expected: \"!=\", \".\", \"==\", \"[\", \"contains\", \"in\", \"is\", \"matches\", \"not\" or [ \\t\\r\\n]");
    }

    private List<string> ParseSelector()
    {
        SkipSpace();
        var parts = new List<string> { ParseIdentifier() };
        while (_pos < _text.Length)
        {
            if (Peek() == '.')
            {
                _pos++;
                parts.Add(ParseIdentifier());
            }
            else if (Peek() == '[')
            {
                _pos++;
                SkipSpace();
                parts.Add(ParseQuoted());
                SkipSpace();
                if (Peek() != ']')
                {
                    throw Error("no match found, expected: \"]\"");
                }

                _pos++;
            }
            else
            {
                break;
            }
        }

        return parts;
    }

    private string ParseIdentifier()
    {
        var start = _pos;
        while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] == '_' || _text[_pos] == '-' && _pos > start && SelectorContext()))
        {
            _pos++;
        }

        if (_pos == start)
        {
            throw Error("no match found, expected: selector");
        }

        return _text[start.._pos];
    }

    // Hyphens are allowed inside selector segments after a dot (map keys such as Meta.my-key).
    private bool SelectorContext()
    {
        var dot = _text.LastIndexOf('.', _pos);
        var space = _text.LastIndexOfAny([' ', '\t', '\n', '\r', '('], _pos);
        return dot > space;
    }

    private string ParseValue()
    {
        SkipSpace();
        if (Peek() is '"' or '`')
        {
            return ParseQuoted();
        }

        var start = _pos;
        while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] is '_' or '.' or '-' && _pos == start))
        {
            _pos++;
        }

        if (_pos == start)
        {
            throw Error("no match found, expected: value");
        }

        var value = _text[start.._pos];
        if (_pos < _text.Length && !char.IsWhiteSpace(_text[_pos]) && _text[_pos] != ')')
        {
            throw Error($"no match found, expected: \"and\", \"or\", [ \\t\\r\\n] or end of input");
        }

        return value;
    }

    private string ParseQuoted()
    {
        var quote = Peek();
        if (quote is not ('"' or '`'))
        {
            throw Error("no match found, expected: string");
        }

        _pos++;
        var sb = new System.Text.StringBuilder();
        while (_pos < _text.Length && _text[_pos] != quote)
        {
            if (quote == '"' && _text[_pos] == '\\' && _pos + 1 < _text.Length)
            {
                _pos++;
            }

            sb.Append(_text[_pos]);
            _pos++;
        }

        if (_pos >= _text.Length)
        {
            throw Error("no match found, expected: closing quote");
        }

        _pos++;
        return sb.ToString();
    }

    private bool TryKeyword(string keyword)
    {
        SkipSpace();
        if (string.CompareOrdinal(_text, _pos, keyword, 0, keyword.Length) == 0
            && (_pos + keyword.Length == _text.Length || !char.IsAsciiLetterOrDigit(_text[_pos + keyword.Length])))
        {
            _pos += keyword.Length;
            return true;
        }

        return false;
    }

    private bool TrySymbol(string symbol)
    {
        SkipSpace();
        if (string.CompareOrdinal(_text, _pos, symbol, 0, symbol.Length) == 0)
        {
            _pos += symbol.Length;
            return true;
        }

        return false;
    }

    private void SkipSpace()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos]))
        {
            _pos++;
        }
    }

    private char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

    private FilterSyntaxException Error(string message)
        => new($"1:{(_pos + 1).ToString(CultureInfo.InvariantCulture)} ({_pos.ToString(CultureInfo.InvariantCulture)}): {message}");
}
