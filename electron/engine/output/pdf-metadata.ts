import { type PDFContext, PDFHexString, type PDFRef } from 'pdf-lib';

/**
 * The index values inside the PDF: the Info dictionary that every viewer shows, and an XMP
 * packet that says the same (PDF/A requires the two to agree) plus the full ChartDesk index
 * in its own namespace, declared through the PDF/A extension-schema mechanism so that a
 * PDF/A validator accepts it.
 */

export const CHARTDESK_XMP_NAMESPACE = 'urn:chartdesk:index:1/';
export const CHARTDESK_SOURCE_FILE_NAMESPACE = 'urn:chartdesk:index:1/source-file/';
export const PDF_CREATOR = 'ChartDesk';
export const PDF_PRODUCER = 'ChartDesk indexed PDF 1 (pdf-lib)';

/** Where a document's pages came from and who vouched for it: written in its PDF and sent with every delivery of it. */
export interface CaptureRecord {
  station: string;
  operator: string;
  scannedAt: string;
  confirmedBy: string;
  confirmedAt: string;
  provenance: { sourceFiles: { name: string; sha256: string; pages: number[] }[] };
}

export interface IndexValues extends CaptureRecord {
  documentId: string;
  title: string;
  patientMrn: string;
  patientName: string;
  docTypeCode: string;
  docTypeDisplay: string;
  docTypeSystem: string;
  dateOfService: string | null;
  batchLabel: string;
  batchId: string;
}

export interface DocumentInfo {
  title: string;
  author: string;
  subject: string;
  keywords: string;
  creator: string;
  producer: string;
  /** Whole seconds, UTC. */
  created: Date;
  /** 32 hex digits each: the trailer /ID pair, also the XMP document and instance ids. */
  permanentId: string;
  instanceId: string;
}

export function documentInfo(index: IndexValues, created: Date, ids: { permanentId: string; instanceId: string }): DocumentInfo {
  const keywords = [`MRN ${index.patientMrn}`, `${index.docTypeCode}`, index.docTypeDisplay, index.dateOfService ? `DOS ${index.dateOfService}` : null, `document ${index.documentId}`].filter(
    (k): k is string => Boolean(k && k.trim()),
  );
  // Info and XMP must say exactly the same, so both get the cleaned text.
  return {
    title: xmlSafe(index.title),
    author: xmlSafe(index.operator),
    subject: xmlSafe(index.docTypeDisplay),
    keywords: xmlSafe(keywords.join('; ')),
    creator: PDF_CREATOR,
    producer: PDF_PRODUCER,
    created: wholeSecond(created),
    ...ids,
  };
}

export function wholeSecond(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}

/** D:YYYYMMDDHHmmSS+00'00' (always UTC, so the same instant writes the same bytes). */
export function pdfDate(date: Date): string {
  const iso = date.toISOString();
  return `D:${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}+00'00'`;
}

/** The same instant for XMP: YYYY-MM-DDTHH:mm:SS+00:00. */
export function xmpDate(date: Date): string {
  return `${date.toISOString().slice(0, 19)}+00:00`;
}

export function addInfoDictionary(context: PDFContext, info: DocumentInfo): PDFRef {
  const text = (value: string) => PDFHexString.fromText(value);
  const dict = context.obj({
    Title: text(info.title),
    Author: text(info.author),
    Subject: text(info.subject),
    Keywords: text(info.keywords),
    Creator: text(info.creator),
    Producer: text(info.producer),
    CreationDate: text(pdfDate(info.created)),
    ModDate: text(pdfDate(info.created)),
  });
  return context.register(dict);
}

/** Uncompressed, as PDF/A requires of the metadata stream, so that tools can find it by scanning. */
export function addXmpMetadata(context: PDFContext, xmp: string): PDFRef {
  const stream = context.stream(new TextEncoder().encode(xmp), { Type: 'Metadata', Subtype: 'XML' });
  return context.register(stream);
}

interface CustomProperty {
  name: keyof Omit<IndexValues, 'provenance' | 'title'> | 'sourceFiles';
  valueType: string;
  description: string;
}

const CUSTOM_PROPERTIES: CustomProperty[] = [
  { name: 'documentId', valueType: 'Text', description: 'ChartDesk document identifier' },
  { name: 'patientMrn', valueType: 'Text', description: 'Medical record number of the patient' },
  { name: 'patientName', valueType: 'Text', description: 'Patient name as indexed (Family, Given)' },
  { name: 'docTypeCode', valueType: 'Text', description: 'Document type code' },
  { name: 'docTypeSystem', valueType: 'Text', description: 'Code system of the document type code' },
  { name: 'docTypeDisplay', valueType: 'Text', description: 'Document type display name' },
  { name: 'dateOfService', valueType: 'Text', description: 'Date of service, YYYY-MM-DD; absent when unknown' },
  { name: 'batchLabel', valueType: 'Text', description: 'Scan batch label' },
  { name: 'batchId', valueType: 'Text', description: 'Scan batch identifier' },
  { name: 'station', valueType: 'Text', description: 'Scanning station name' },
  { name: 'operator', valueType: 'Text', description: 'Operator who scanned the batch' },
  { name: 'scannedAt', valueType: 'Text', description: 'When the batch was scanned (ISO 8601)' },
  { name: 'confirmedBy', valueType: 'Text', description: 'Who confirmed the index values' },
  { name: 'confirmedAt', valueType: 'Text', description: 'When the index values were confirmed (ISO 8601)' },
  { name: 'sourceFiles', valueType: 'Seq SourceFile', description: 'Scanned files the pages came from, in page order' },
];

/** A well-formed XMP packet (UTF-8). Values are escaped; characters XML cannot hold are dropped. */
export function buildXmp(index: IndexValues, info: DocumentInfo): string {
  const created = xmpDate(info.created);
  const uuid = (hex: string) => `uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  const property = (p: CustomProperty) =>
    `<rdf:li rdf:parseType="Resource"><pdfaProperty:name>${p.name}</pdfaProperty:name><pdfaProperty:valueType>${p.valueType}</pdfaProperty:valueType><pdfaProperty:category>external</pdfaProperty:category><pdfaProperty:description>${x(p.description)}</pdfaProperty:description></rdf:li>`;
  const field = (name: string, valueType: string, description: string) =>
    `<rdf:li rdf:parseType="Resource"><pdfaField:name>${name}</pdfaField:name><pdfaField:valueType>${valueType}</pdfaField:valueType><pdfaField:description>${x(description)}</pdfaField:description></rdf:li>`;
  const values = CUSTOM_PROPERTIES.filter((p) => p.name !== 'sourceFiles')
    .map((p) => {
      const value = index[p.name as Exclude<CustomProperty['name'], 'sourceFiles'>];
      return value === null || value === undefined ? '' : `\n    <cd:${p.name}>${x(String(value))}</cd:${p.name}>`;
    })
    .join('');
  const sourceFiles = index.provenance.sourceFiles
    .map(
      (file) =>
        `\n      <rdf:li rdf:parseType="Resource"><cdsf:name>${x(file.name)}</cdsf:name><cdsf:sha256>${x(file.sha256)}</cdsf:sha256><cdsf:pages><rdf:Seq>${file.pages
          .map((page) => `<rdf:li>${Math.trunc(page)}</rdf:li>`)
          .join('')}</rdf:Seq></cdsf:pages></rdf:li>`,
    )
    .join('');

  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
    <pdfaid:part>2</pdfaid:part>
    <pdfaid:conformance>B</pdfaid:conformance>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:format>application/pdf</dc:format>
    <dc:title><rdf:Alt><rdf:li xml:lang="x-default">${x(info.title)}</rdf:li></rdf:Alt></dc:title>
    <dc:creator><rdf:Seq><rdf:li>${x(info.author)}</rdf:li></rdf:Seq></dc:creator>
    <dc:description><rdf:Alt><rdf:li xml:lang="x-default">${x(info.subject)}</rdf:li></rdf:Alt></dc:description>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
    <xmp:CreateDate>${created}</xmp:CreateDate>
    <xmp:ModifyDate>${created}</xmp:ModifyDate>
    <xmp:MetadataDate>${created}</xmp:MetadataDate>
    <xmp:CreatorTool>${x(info.creator)}</xmp:CreatorTool>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
    <pdf:Producer>${x(info.producer)}</pdf:Producer>
    <pdf:Keywords>${x(info.keywords)}</pdf:Keywords>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/">
    <xmpMM:DocumentID>${uuid(info.permanentId)}</xmpMM:DocumentID>
    <xmpMM:InstanceID>${uuid(info.instanceId)}</xmpMM:InstanceID>
  </rdf:Description>
  <rdf:Description rdf:about=""
    xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
    xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
    xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#"
    xmlns:pdfaType="http://www.aiim.org/pdfa/ns/type#"
    xmlns:pdfaField="http://www.aiim.org/pdfa/ns/field#">
    <pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
      <pdfaSchema:schema>ChartDesk document index</pdfaSchema:schema>
      <pdfaSchema:namespaceURI>${CHARTDESK_XMP_NAMESPACE}</pdfaSchema:namespaceURI>
      <pdfaSchema:prefix>cd</pdfaSchema:prefix>
      <pdfaSchema:property><rdf:Seq>
      ${CUSTOM_PROPERTIES.map(property).join('\n      ')}
      </rdf:Seq></pdfaSchema:property>
      <pdfaSchema:valueType><rdf:Seq><rdf:li rdf:parseType="Resource">
        <pdfaType:type>SourceFile</pdfaType:type>
        <pdfaType:namespaceURI>${CHARTDESK_SOURCE_FILE_NAMESPACE}</pdfaType:namespaceURI>
        <pdfaType:prefix>cdsf</pdfaType:prefix>
        <pdfaType:description>A scanned file and the pages of it that this document holds</pdfaType:description>
        <pdfaType:field><rdf:Seq>
        ${field('name', 'Text', 'File name as dropped by the scanner')}
        ${field('sha256', 'Text', 'SHA-256 of the file as received, lowercase hex')}
        ${field('pages', 'Seq Integer', 'Page numbers within the file, in document order')}
        </rdf:Seq></pdfaType:field>
      </rdf:li></rdf:Seq></pdfaSchema:valueType>
    </rdf:li></rdf:Bag></pdfaExtension:schemas>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:cd="${CHARTDESK_XMP_NAMESPACE}" xmlns:cdsf="${CHARTDESK_SOURCE_FILE_NAMESPACE}">${values}
    <cd:sourceFiles><rdf:Seq>${sourceFiles}
    </rdf:Seq></cd:sourceFiles>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
}

// XML 1.0 allows tab, newline, carriage return and everything from U+0020 except surrogates
// and U+FFFE/U+FFFF; anything else would make the packet unreadable.
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

function xmlSafe(value: string): string {
  return value.replace(NOT_XML, '');
}

function x(value: string): string {
  return xmlSafe(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
