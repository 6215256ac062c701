using System.Collections.Immutable;
using System.Formats.Asn1;
using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace VmMesh.Identity.Validation;

/// <summary>
/// Encodes and decodes the SubjectAlternativeName extension (RFC 5280 GeneralNames) directly with ASN.1, because
/// .NET's helpers either read only the first URI (<c>GetNameInfo(UrlName)</c>) or no URIs at all; SPIFFE requires
/// that a certificate with more than one URI SAN be rejected, so every GeneralName must be seen.
/// </summary>
public static class SubjectAlternativeNames
{
    private static readonly Asn1Tag UriTag = new(TagClass.ContextSpecific, 6);
    private static readonly Asn1Tag DnsTag = new(TagClass.ContextSpecific, 2);
    private static readonly Asn1Tag IpTag = new(TagClass.ContextSpecific, 7);

    /// <summary>The URIs in <paramref name="certificate"/>'s SAN extension; empty when there is no SAN extension.</summary>
    /// <exception cref="AsnContentException">The extension is not valid DER GeneralNames, or appears twice.</exception>
    public static ImmutableArray<string> ReadUris(X509Certificate2 certificate)
    {
        X509Extension? san = null;
        foreach (var extension in certificate.Extensions)
        {
            if (extension.Oid?.Value == X509Oids.SubjectAlternativeName)
            {
                if (san is not null)
                {
                    throw new AsnContentException("the certificate has two SubjectAlternativeName extensions");
                }

                san = extension;
            }
        }

        return san is null ? [] : ReadUris(san.RawData);
    }

    public static ImmutableArray<string> ReadUris(ReadOnlyMemory<byte> extensionValue)
    {
        var uris = ImmutableArray.CreateBuilder<string>();
        var reader = new AsnReader(extensionValue, AsnEncodingRules.DER);
        var names = reader.ReadSequence();
        reader.ThrowIfNotEmpty();
        if (!names.HasData)
        {
            throw new AsnContentException("GeneralNames must hold at least one name");
        }

        while (names.HasData)
        {
            var tag = names.PeekTag();
            if (tag.HasSameClassAndValue(UriTag))
            {
                if (tag.IsConstructed)
                {
                    throw new AsnContentException("a URI name must be a primitive IA5String");
                }

                uris.Add(names.ReadCharacterString(UniversalTagNumber.IA5String, UriTag));
            }
            else
            {
                // Other name forms (DNS, IP, directory names) are allowed by SPIFFE and not interpreted here.
                names.ReadEncodedValue();
            }
        }

        return uris.ToImmutable();
    }

    public static X509Extension Encode(string uri, IEnumerable<string> dnsNames, IEnumerable<IPAddress> ipAddresses, bool critical)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteCharacterString(UniversalTagNumber.IA5String, uri, UriTag);
            foreach (var dns in dnsNames)
            {
                writer.WriteCharacterString(UniversalTagNumber.IA5String, dns, DnsTag);
            }

            foreach (var ip in ipAddresses)
            {
                writer.WriteOctetString(ip.GetAddressBytes(), IpTag);
            }
        }

        return new X509Extension(X509Oids.SubjectAlternativeName, writer.Encode(), critical);
    }
}
