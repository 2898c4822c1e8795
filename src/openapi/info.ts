export const DATA_LICENCE = {
  name: '公共データ利用規約（第1.0版）/ Public Data License (Version 1.0), compatible with CC BY 4.0',
  url: 'https://www.digital.go.jp/resources/open_data/public_data_license_v1.0',
};

export const API_INFO = {
  title: 'Lastmile open data API',
  version: '1.0.0',
  description:
    'Open data of the Lastmile portal (サイバーセキュリティ意識・行動強化プログラム). The same filters as the pages: ' +
    'q, audience, method, sector, org, region, measure (repeatable), page and sort. Lists carry total and items. ' +
    'Seed rows come from the program overview of 2019-01-24; values the editors judged are listed in each item\'s `judged` field. ' +
    'Errors are JSON: {"error": {"code", "message", "details": [{"param", "message"}]}} in the language of Accept-Language (ja by default).',
  license: DATA_LICENCE,
};
