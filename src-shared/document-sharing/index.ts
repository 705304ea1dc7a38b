/** Document sharing: the shape of secure share links (pure). */
export { isShareSecret, parseShareAccessToken, SHARE_TOKEN_PREFIX, shareAccessToken } from './token';
