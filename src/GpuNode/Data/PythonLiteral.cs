using System.Globalization;
using System.Text;

namespace SweepCluster.GpuNode.Data;

/// <summary>
/// Parses the Python literals a .npy header holds: dicts, tuples, lists, quoted strings, integers
/// (Python 2's trailing L included), True, False and None. Strings become string, integers long,
/// tuples and lists List&lt;object?&gt;, dicts Dictionary&lt;string, object?&gt;.
/// </summary>
internal sealed class PythonLiteral
{
    private readonly string _text;
    private int _at;

    private PythonLiteral(string text) => _text = text;

    /// <exception cref="FormatException">The text is not one literal; the message says where.</exception>
    public static object? Parse(string text)
    {
        var parser = new PythonLiteral(text);
        var value = parser.Value();
        parser.SkipSpace();
        if (parser._at < text.Length)
            throw parser.Error("unexpected text after the literal");
        return value;
    }

    private object? Value()
    {
        SkipSpace();
        if (_at >= _text.Length)
            throw Error("the text ends where a value was expected");
        var c = _text[_at];
        return c switch
        {
            '{' => Dict(),
            '(' => Sequence(')'),
            '[' => Sequence(']'),
            '\'' or '"' => Str(),
            _ when c == '-' || char.IsAsciiDigit(c) => Integer(),
            _ => Word(),
        };
    }

    private Dictionary<string, object?> Dict()
    {
        _at++;
        var dict = new Dictionary<string, object?>();
        while (!Closes('}'))
        {
            if (Value() is not string key)
                throw Error("a dict key must be a string");
            Expect(':');
            if (!dict.TryAdd(key, Value()))
                throw Error($"the key '{key}' appears twice");
            if (Closes('}'))
                break;
            Expect(',');
        }
        return dict;
    }

    private List<object?> Sequence(char close)
    {
        _at++;
        var items = new List<object?>();
        while (!Closes(close))
        {
            items.Add(Value());
            if (Closes(close))
                break;
            Expect(',');
        }
        return items;
    }

    private string Str()
    {
        var quote = _text[_at++];
        var value = new StringBuilder();
        while (_at < _text.Length && _text[_at] != quote)
        {
            if (_text[_at] == '\\' && _at + 1 < _text.Length)
                _at++;
            value.Append(_text[_at++]);
        }
        if (_at >= _text.Length)
            throw Error("a string is not closed");
        _at++;
        return value.ToString();
    }

    private long Integer()
    {
        var start = _at;
        if (_text[_at] == '-')
            _at++;
        while (_at < _text.Length && char.IsAsciiDigit(_text[_at]))
            _at++;
        if (!long.TryParse(_text.AsSpan(start, _at - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            throw Error($"'{_text[start.._at]}' is not an integer");
        if (_at < _text.Length && _text[_at] is 'L' or 'l')
            _at++;
        return value;
    }

    private object? Word()
    {
        var start = _at;
        while (_at < _text.Length && char.IsAsciiLetter(_text[_at]))
            _at++;
        return _text[start.._at] switch
        {
            "True" => true,
            "False" => false,
            "None" => null,
            var word => throw Error(word.Length == 0 ? $"unexpected '{_text[start]}'" : $"unexpected '{word}'"),
        };
    }

    /// <summary>Consumes <paramref name="close"/> if it comes next (after spaces).</summary>
    private bool Closes(char close)
    {
        SkipSpace();
        if (_at < _text.Length && _text[_at] == close)
        {
            _at++;
            return true;
        }
        return false;
    }

    private void Expect(char c)
    {
        SkipSpace();
        if (_at >= _text.Length || _text[_at] != c)
            throw Error($"expected '{c}'");
        _at++;
    }

    private void SkipSpace()
    {
        while (_at < _text.Length && char.IsWhiteSpace(_text[_at]))
            _at++;
    }

    private FormatException Error(string what) => new($"{what} at character {_at}");
}
